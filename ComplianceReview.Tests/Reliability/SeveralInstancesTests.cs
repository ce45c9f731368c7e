using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceReview.Tests.Reliability;

/// <summary>Two instances of the app on one database, as behind a load balancer: a sign-in on one holds on the other.</summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private readonly ComplianceAppFactory _first = new();
    private SecondInstanceFactory _second = null!;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = new SecondInstanceFactory(_first.DatabasePath);
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_second).DisposeAsync();
        await ((IAsyncLifetime)_first).DisposeAsync();
    }

    [Fact]
    public async Task ASignInCookieFromOneInstanceIsAcceptedByTheOther()
    {
        using var onFirst = TestSignIn.CreateClient(_first);
        using var signIn = await TestSignIn.PostSignInAsync(onFirst, DemoUsers.Reviewer1);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        using var onSecond = TestSignIn.CreateClient(_second);
        using var anonymous = await onSecond.GetAsync("/demands");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/demands");
        request.Headers.Add("Cookie", cookies);
        using var response = await onSecond.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode); // the page is protected: without the cookie, off to sign in
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BothInstancesKeepTheKeyRingInTheDatabase()
    {
        using var signedIn = await TestSignIn.SignInAsync(_first, DemoUsers.Reviewer1);

        foreach (var instance in new ComplianceAppFactory[] { _first, _second })
        {
            var repository = instance.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
            Assert.IsType<EntityFrameworkCoreXmlRepository<App.Data.ComplianceDbContext>>(repository);
        }
        await using var db = _second.CreateDbContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    /// <summary>Another instance on the first one's database file, which it neither seeds nor owns.</summary>
    private sealed class SecondInstanceFactory(string databasePath) : ComplianceAppFactory
    {
        protected override void Configure(IDictionary<string, string?> settings) => settings["Database:SqlitePath"] = databasePath;
    }
}
