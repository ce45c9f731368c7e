using System.Net;
using System.Text;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Identity.Sessions;
using ComplianceReview.App.Services;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Sessions;

/// <summary>
/// Server-side sessions over HTTP: the cookie is only a session id, so once the session ends (sign-out, an
/// administrator, its lifetime, idleness) the same cookie replayed later gets the sign-in answer, on every instance.
/// Time is the factory's fake clock, which the cookie handler and the session store both read.
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly SessionAppFactory _app = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task ACookieReplayedAfterSignOutIsRefused()
    {
        var (client, cookie) = await SignInAsync(_app, DemoUsers.Reviewer1);
        using (client)
        {
            var token = await TestSignIn.GetAntiforgeryTokenAsync(client, "/");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [TestSignIn.AntiforgeryFieldName] = token });
            using var signOut = await client.PostAsync("/signout", form);
            Assert.Equal("/signed-out", signOut.Headers.Location?.OriginalString);
        }

        using var page = await Replay(_app, cookie, HttpMethod.Get, "/demands");
        using var api = await Replay(_app, cookie, HttpMethod.Post, "/api/demands", "{}");

        Assert.Equal("/signin", page.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var session = Assert.Single(await SessionsOfAsync(_app, DemoUsers.Reviewer1));
        Assert.Equal(SessionEndReasons.SignedOut, session.EndReason);
    }

    [Fact]
    public async Task TheCookieCarriesOnlyTheSessionAndTheStoredTicketIsProtected()
    {
        var (client, cookie) = await SignInAsync(_app, DemoUsers.LegalLead1);
        client.Dispose();
        using var before = await Replay(_app, cookie, HttpMethod.Get, "/signoff");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var session = Assert.Single(await SessionsOfAsync(_app, DemoUsers.LegalLead1));
        Assert.Equal("Lee Legal", session.UserName);
        var stored = Encoding.UTF8.GetString(session.Ticket);
        Assert.DoesNotContain("Lee Legal", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Roles.LegalLead, stored, StringComparison.Ordinal);

        // Someone who can write the table puts a plain ticket of their own in: it is not read.
        var forged = TicketSerializer.Default.Serialize(new AuthenticationTicket(
            DemoUsers.CreatePrincipal(DemoUsers.All.Single(u => u.Id == DemoUsers.LegalLead1)), "Cookies"));
        await using (var db = _app.CreateDbContext())
        {
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, forged));
        }
        using var after = await Replay(_app, cookie, HttpMethod.Get, "/signoff");
        Assert.Equal("/signin", after.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task AnAdministratorEndsAUsersSessionsOnEveryInstance()
    {
        using var other = new SessionAppFactory(_app.DatabasePath);
        var (first, firstCookie) = await SignInAsync(_app, DemoUsers.Reviewer1);
        var (second, secondCookie) = await SignInAsync(other, DemoUsers.Reviewer1);
        var (bystander, bystanderCookie) = await SignInAsync(_app, DemoUsers.Reviewer2);
        first.Dispose();
        second.Dispose();
        bystander.Dispose();
        using (var before = await Replay(other, firstCookie, HttpMethod.Get, "/demands"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var administration = _app.ServiceAs<SessionAdministration>(TestUser.Admin);
        var listed = await administration.ListOpenAsync();
        var ended = await administration.EndSessionsOfAsync(DemoUsers.Reviewer1);

        Assert.Equal(2, Assert.Single(listed, s => s.UserId == DemoUsers.Reviewer1).Count);
        Assert.Equal(2, ended);
        foreach (var (app, cookie) in new[] { (_app, firstCookie), (other, firstCookie), (_app, secondCookie), (other, secondCookie) })
        {
            using var response = await Replay(app, cookie, HttpMethod.Get, "/demands");
            Assert.Equal("/signin", response.Headers.Location?.AbsolutePath);
        }
        using (var untouched = await Replay(other, bystanderCookie, HttpMethod.Get, "/demands"))
        {
            Assert.Equal(HttpStatusCode.OK, untouched.StatusCode);
        }
        Assert.All(await SessionsOfAsync(_app, DemoUsers.Reviewer1), s => Assert.Equal(SessionEndReasons.EndedByAdministrator, s.EndReason));
        await using var db = _app.CreateDbContext();
        var audit = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).LastAsync();
        Assert.Equal(AuditActions.SessionsEnded, audit.Action);
        Assert.Equal(TestUser.Admin.User.Id, audit.ActorId);
        Assert.Contains($"\"userId\":\"{DemoUsers.Reviewer1}\"", audit.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"sessions\":\"2\"", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev-reviewer-1")]
    [InlineData("dev-legallead-1")]
    [InlineData("dev-auditor-1")]
    public async Task OnlyAnAdministratorMayListOrEndSessions(string userId)
    {
        var (client, cookie) = await SignInAsync(_app, DemoUsers.Reviewer1);
        client.Dispose();
        var caller = TestUser.All.Single(u => u.User.Id == userId);
        var administration = _app.ServiceAs<SessionAdministration>(caller);

        await Assert.ThrowsAsync<AccessDeniedException>(() => administration.ListOpenAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => administration.EndSessionsOfAsync(DemoUsers.Reviewer1));

        using var still = await Replay(_app, cookie, HttpMethod.Get, "/demands");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        await using var db = _app.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AccessDenied && e.ActorId == userId));
    }

    [Fact]
    public async Task ASessionEndsAtItsAbsoluteLifetimeHoweverActive()
    {
        var (client, cookie) = await SignInAsync(_app, DemoUsers.Reviewer1);
        client.Dispose();

        // Used every 20 minutes (never idle for the 30-minute timeout) until the 2-hour lifetime is reached.
        for (var elapsed = TimeSpan.FromMinutes(20); elapsed < SessionAppFactory.Lifetime; elapsed += TimeSpan.FromMinutes(20))
        {
            _app.Time.Advance(TimeSpan.FromMinutes(20));
            using var active = await Replay(_app, cookie, HttpMethod.Get, "/demands");
            Assert.True(active.StatusCode == HttpStatusCode.OK, $"refused after {elapsed}");
        }
        _app.Time.Advance(TimeSpan.FromMinutes(20));
        using var expired = await Replay(_app, cookie, HttpMethod.Get, "/demands");

        Assert.Equal("/signin", expired.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task ASessionUnusedForTheIdleTimeoutEnds()
    {
        var (client, cookie) = await SignInAsync(_app, DemoUsers.Reviewer1);
        client.Dispose();

        _app.Time.Advance(SessionAppFactory.IdleTimeout - TimeSpan.FromMinutes(1));
        using var justInTime = await Replay(_app, cookie, HttpMethod.Get, "/demands");
        _app.Time.Advance(SessionAppFactory.IdleTimeout + TimeSpan.FromMinutes(1));
        using var idle = await Replay(_app, cookie, HttpMethod.Get, "/demands");

        Assert.Equal(HttpStatusCode.OK, justInTime.StatusCode);
        Assert.Equal("/signin", idle.Headers.Location?.AbsolutePath);
    }

    /// <summary>Signs in through the development page; returns the client and the session cookie's value.</summary>
    internal static async Task<(HttpClient Client, string Cookie)> SignInAsync(WebApplicationFactory<Program> app, string userId)
    {
        var client = TestSignIn.CreateClient(app);
        using var response = await TestSignIn.PostSignInAsync(client, userId);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return (client, header.Split(';')[0][(AuthCookie.Length + 1)..]);
    }

    /// <summary>The cookie sent again by a client of its own, as someone who copied it would.</summary>
    internal static async Task<HttpResponseMessage> Replay(WebApplicationFactory<Program> app, string cookie, HttpMethod method, string path,
        string? json = null)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{AuthCookie}={cookie}");
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    private static async Task<List<UserSession>> SessionsOfAsync(ComplianceAppFactory app, string userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Sessions.AsNoTracking().Where(s => s.UserId == userId).ToListAsync();
    }

    private const string AuthCookie = "ComplianceReview.Auth";
}

/// <summary>Short session limits; another instance can share the first one's database.</summary>
public sealed class SessionAppFactory(string? databasePath = null) : ComplianceAppFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Identity:SessionLifetime"] = Lifetime.ToString();
        settings["Identity:SessionIdleTimeout"] = IdleTimeout.ToString();
        if (databasePath is not null) settings["Database:SqlitePath"] = databasePath;
    }
}
