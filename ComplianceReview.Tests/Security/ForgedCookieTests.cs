using System.Net;
using System.Security.Claims;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// An insider with the database (a DBA; a stolen backup to read, write access to plant a row) tries to sign in without
/// signing in: with the copied Data Protection key XML they build a provider of their own, plant a session for an invented
/// user who holds every role and protect a cookie naming it, as the app would. With the key ring encrypted by a certificate the database does not hold, the app
/// refuses the cookie; without, the same forgery works (so the test shows a real attack). A cookie the development
/// sign-in issued is refused by an instance where it is off, even one sharing the database and the certificate.
/// </summary>
public sealed class ForgedCookieTests : IDisposable
{
    private const string CookieName = "ComplianceReview.Auth";
    private readonly string _directory = Directory.CreateTempSubdirectory("cr-forged-").FullName;

    private string DatabasePath => Path.Combine(_directory, "compliance.db");

    [Fact]
    public async Task ACopyOfTheDatabaseForgesNoCookieWhenTheKeyRingIsProtected()
    {
        using var app = EntraAppFactory.With("Production", Settings(TestCertificates.ProtectedKeys()));
        await CreateTheKeyRingAsync(app);

        var cookie = await ForgeCookieFromACopyAsync();
        using var response = await GetDemandsAsync(app, cookie);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(EntraAppFactory.AuthorizationEndpoint, response.Headers.Location?.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task WithoutTheCertificateTheSameForgeryIsAccepted()
    {
        // Staging: Production refuses to start this way. Entra, so the invented user's roles are taken from the ticket.
        using var app = EntraAppFactory.With("Staging", Settings(new() { ["DataProtection:CertificatePath"] = "" }));
        await CreateTheKeyRingAsync(app);

        var cookie = await ForgeCookieFromACopyAsync();
        using var response = await GetDemandsAsync(app, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ACookieFromTheDevelopmentSignInIsRefusedWhereItIsOff()
    {
        var keys = TestCertificates.ProtectedKeys();
        string cookie;
        using (var development = new IdentityAppFactory("Development", Settings(keys)))
        {
            using var client = TestSignIn.CreateClient(development);
            using var signIn = await TestSignIn.PostSignInAsync(client, DemoUsers.Auditor1);
            cookie = AuthCookie(signIn);
        }
        using var anotherDevelopment = new IdentityAppFactory("Development", Settings(keys));
        using var entra = EntraAppFactory.With("Production", Settings(keys));

        using var accepted = await GetDemandsAsync(anotherDevelopment, cookie);
        using var refused = await GetDemandsAsync(entra, cookie);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode); // the cookie itself is good on the database and certificate it came from
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(EntraAppFactory.AuthorizationEndpoint, refused.Headers.Location?.GetLeftPart(UriPartial.Path));
    }

    private Dictionary<string, string> Settings(Dictionary<string, string> keys)
    {
        var settings = new Dictionary<string, string>(keys) { ["Database:SqlitePath"] = DatabasePath };
        return settings;
    }

    /// <summary>The key ring is made at the first protection: the OpenID Connect challenge protects its state.</summary>
    private static async Task CreateTheKeyRingAsync(WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var challenge = await client.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
    }

    /// <summary>
    /// What the attacker does: the key XML of a backup into a folder and a provider over it; a session row of their own
    /// for the invented "eve-1" (every role), its ticket protected as the app protects stored tickets; and a cookie that
    /// names that session, protected as the cookie handler protects it. Everything but the keys is in the source code.
    /// </summary>
    private async Task<string> ForgeCookieFromACopyAsync()
    {
        var copy = Path.Combine(_directory, "copy.db");
        var keyFolder = Directory.CreateDirectory(Path.Combine(_directory, "stolen-keys"));
        await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await connection.OpenAsync();
            await using (var live = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
            {
                await live.OpenAsync();
                live.BackupDatabase(connection); // a backup, as a DBA takes one
            }
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT Xml FROM DataProtectionKeys";
            await using var reader = await select.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync()) await File.WriteAllTextAsync(Path.Combine(keyFolder.FullName, $"key-{n++}.xml"), reader.GetString(0));
            Assert.True(n > 0, "the copy holds the key ring");
        }

        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(DataProtectionExtensions.ApplicationName).PersistKeysToFileSystem(keyFolder);
        await using var provider = services.BuildServiceProvider();
        var protection = provider.GetRequiredService<IDataProtectionProvider>();
        var now = DateTimeOffset.UtcNow;
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) };

        var eve = new ClaimsIdentity(
            [
                new Claim(ComplianceClaimTypes.ObjectId, "eve-1"),
                new Claim(ComplianceClaimTypes.TenantId, EntraAppFactory.TenantId),
                new Claim(ComplianceClaimTypes.Name, "Eve Forged"),
                .. Roles.All.Select(role => new Claim(ComplianceClaimTypes.Roles, role)),
            ],
            "AuthenticationTypes.Federation", ComplianceClaimTypes.Name, ComplianceClaimTypes.Roles);
        var storedTicket = protection.CreateProtector("ComplianceReview.Sessions.Ticket", "v1")
            .Protect(TicketSerializer.Default.Serialize(new AuthenticationTicket(new ClaimsPrincipal(eve), properties, "Cookies")));
        var sessionId = new string('e', 64);
        var ticks = new DateTimeOffsetToBinaryConverter();
        await using (var live = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await live.OpenAsync();
            await using var insert = live.CreateCommand();
            insert.CommandText = """
                INSERT INTO Sessions (Id, UserId, UserName, CreatedAt, LastSeenAt, ExpiresAt, Ticket)
                VALUES ($id, 'eve-1', 'Eve Forged', $now, $now, $expires, $ticket)
                """;
            insert.Parameters.AddWithValue("$id", sessionId);
            insert.Parameters.AddWithValue("$now", ticks.ConvertToProvider(now)!);
            insert.Parameters.AddWithValue("$expires", ticks.ConvertToProvider(now.AddHours(1))!);
            insert.Parameters.AddWithValue("$ticket", storedTicket);
            await insert.ExecuteNonQueryAsync();
        }

        var cookieTicket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim("Microsoft.AspNetCore.Authentication.Cookies-SessionId", sessionId)], "Cookies")),
            properties, "Cookies");
        var cookieProtector = protection.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        return new TicketDataFormat(cookieProtector).Protect(cookieTicket);
    }

    private static async Task<HttpResponseMessage> GetDemandsAsync(WebApplicationFactory<Program> app, string cookie)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/demands");
        request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        return await client.SendAsync(request);
    }

    private static string AuthCookie(HttpResponseMessage signIn)
    {
        var header = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        return header.Split(';')[0][(CookieName.Length + 1)..];
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // temp files, best effort
    }
}
