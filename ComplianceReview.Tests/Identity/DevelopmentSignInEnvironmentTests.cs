using System.Net;
using ComplianceReview.App.Endpoints;
using ComplianceReview.Tests.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ComplianceReview.Tests.Identity;

/// <summary>
/// The development sign-in is on only in Development (appsettings.Development.json); anywhere else it needs the explicit
/// setting and says so on every start. The memory endpoint exists only in Development.
/// </summary>
public sealed class DevelopmentSignInEnvironmentTests
{
    private const string Warning = "Development sign-in is ON in the Staging environment";

    [Fact]
    public async Task DevelopmentOffersTheDemoUsersWithoutAnyExplicitSetting()
    {
        using var factory = new IdentityAppFactory("Development", new Dictionary<string, string>());
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/signin/dev");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public void AnotherEnvironmentDoesNotTurnItOnByItself()
    {
        using var factory = new IdentityAppFactory("Staging", new Dictionary<string, string>());

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("No sign-in is configured", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnedOnExplicitlyInAnotherEnvironmentItWarnsOnEveryStart()
    {
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string> { ["Identity:DevelopmentSignIn"] = "true" };
        using (var first = new IdentityAppFactory("Staging", settings, services => services.AddSingleton<ILoggerProvider>(logs)))
        {
            // https: outside Development the antiforgery cookie the page sets is Secure.
            using var client = first.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
            using var page = await client.GetAsync("/signin/dev");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        using (var second = new IdentityAppFactory("Staging", settings, services => services.AddSingleton<ILoggerProvider>(logs)))
        {
            _ = second.Server;
        }

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith(Warning, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public void DevelopmentItselfDoesNotWarn()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = new IdentityAppFactory("Development", new Dictionary<string, string>(),
            services => services.AddSingleton<ILoggerProvider>(logs));
        _ = factory.Server;

        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Development sign-in is ON", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore.Migrations", StringComparison.Ordinal)); // the capture saw the start
    }
}
