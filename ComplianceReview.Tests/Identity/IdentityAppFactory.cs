using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Identity;

/// <summary>
/// The app in a chosen environment with the given settings. Settings go through <c>UseSetting</c> because
/// AddComplianceIdentity reads them while Program builds, before ConfigureAppConfiguration callbacks run.
/// </summary>
public class IdentityAppFactory(
    string environment,
    IReadOnlyDictionary<string, string> settings,
    Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<Program>
{
    // Keeps these tests off whatever database the app would otherwise create in its content root.
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"cr-identity-tests-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:SqlitePath", _databasePath);
        builder.UseSetting("Demo:Seed", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && File.Exists(_databasePath))
        {
            try
            {
                File.Delete(_databasePath);
            }
            catch (IOException)
            {
                // A pooled SQLite connection may still hold it; it is in the temp folder either way.
            }
        }
    }

    public static Dictionary<string, string> DevelopmentSignInSettings() => new()
    {
        ["AzureAd:ClientId"] = "",
        ["Identity:DevelopmentSignIn"] = "true",
    };
}

/// <summary>Development environment with the demo users; shared by a test class.</summary>
public sealed class DevelopmentIdentityAppFactory()
    : IdentityAppFactory("Development", DevelopmentSignInSettings());
