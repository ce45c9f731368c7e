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
    // Keeps these tests off whatever database (and digest store) the app would otherwise create in its content root.
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"cr-identity-tests-{Guid.NewGuid():N}.db");
    private readonly string _checkpointPath = Path.Combine(Path.GetTempPath(), $"cr-identity-tests-{Guid.NewGuid():N}-checkpoints");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:SqlitePath", _databasePath);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Audit:CheckpointPath", _checkpointPath);
        // Outside Development the app needs an audit key from configuration, as production gets one from a vault.
        foreach (var (key, value) in Infrastructure.TestAuditKeys.Settings()) builder.UseSetting(key, value);
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
        if (disposing && Directory.Exists(_checkpointPath))
        {
            Directory.Delete(_checkpointPath, recursive: true);
        }
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
