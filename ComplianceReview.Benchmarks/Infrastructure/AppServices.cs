using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplianceReview.Benchmarks.Infrastructure;

/// <summary>
/// The app's own service registrations (<c>AddComplianceData</c>, <c>AddComplianceServices</c>) over a given SQLite file,
/// so a benchmark measures the services as the app wires them: same connection string, pragmas and context factory.
/// </summary>
public sealed class AppServices : IAsyncDisposable
{
    public static readonly UserRef Auditor = new("dev-auditor-1", "Avery Auditor");

    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private AppServices(ServiceProvider provider)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
    }

    public static AppServices For(string databasePath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = databasePath,
            ["Demo:Seed"] = "false",
            ["Audit:CheckpointPath"] = Path.Combine(Path.GetDirectoryName(databasePath)!, Path.GetFileNameWithoutExtension(databasePath) + "-checkpoints"),
        });
        builder.Configuration.AddInMemoryCollection(BenchmarkAuditKey.Settings());
        builder.AddComplianceData();
        builder.AddComplianceServices();
        builder.Services.AddScoped<ICurrentUser>(_ => new FixedUser(Auditor, Roles.Auditor));
        return new AppServices(builder.Services.BuildServiceProvider());
    }

    /// <summary>A service from the benchmark's one scope (scoped services act for the fixed auditor).</summary>
    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private sealed class FixedUser(UserRef user, string role) : ICurrentUser
    {
        public bool IsAuthenticated => true;
        public UserRef User => user;
        public bool IsInRole(string name) => string.Equals(name, role, StringComparison.Ordinal);
    }
}
