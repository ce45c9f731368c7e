using System.Net;
using ComplianceReview.App.Data;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceReview.Tests.Audit;

/// <summary>
/// At every start the app checks that the database still protects the audit table; without the triggers (or with one
/// replaced by a harmless one) it serves nothing: every request 503, <c>/health</c> unhealthy with the reason, and a
/// critical log line that says what is missing.
/// </summary>
public sealed class StartupIntegrityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cr-startup-integrity-").FullName;

    private string DatabasePath => Path.Combine(_directory, "compliance.db");

    [Theory]
    [InlineData("DROP TRIGGER AuditEntries_NoUpdate;", "The audit trigger AuditEntries_NoUpdate is missing.")]
    [InlineData("DROP TRIGGER AuditEntries_NoDelete; CREATE TRIGGER AuditEntries_NoDelete BEFORE DELETE ON AuditEntries BEGIN SELECT 1; END;",
        "The audit trigger AuditEntries_NoDelete was changed")]
    public async Task WithoutTheTriggersTheAppRefusesToServe(string tampering, string problem)
    {
        using (var first = Instance(null))
        {
            using var client = first.CreateClient();
            using var healthy = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = tampering;
            await command.ExecuteNonQueryAsync();
        }

        var logs = new CapturingLoggerProvider();
        using var restarted = Instance(logs);
        using var anonymous = restarted.CreateClient(new() { AllowAutoRedirect = false });
        using var health = await anonymous.GetAsync("/health");
        using var page = await anonymous.GetAsync("/signin/dev");
        using var api = await anonymous.PostAsync("/api/demands", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(AuditIntegrityGate.RefusedMessage, await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        var line = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.StartsWith("REFUSING TO SERVE: the database does not protect the audit trail.", line.Message, StringComparison.Ordinal);
        Assert.Contains(problem, line.Message, StringComparison.Ordinal);
        Assert.Contains(problem, Assert.Single(restarted.Services.GetRequiredService<AuditIntegrityGate>().Problems), StringComparison.Ordinal);
    }

    private IdentityAppFactory Instance(CapturingLoggerProvider? logs)
    {
        var settings = IdentityAppFactory.DevelopmentSignInSettings();
        settings["Database:SqlitePath"] = DatabasePath;
        return new IdentityAppFactory("Development", settings, logs is null ? null : services => services.AddSingleton<ILoggerProvider>(logs));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // temp files, best effort
    }
}
