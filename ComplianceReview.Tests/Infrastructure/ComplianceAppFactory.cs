using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (deleted afterwards), development sign-in, demo seeding off unless asked.
/// Time is a <see cref="FakeTimeProvider"/> so tests can move it.
/// </summary>
public class ComplianceAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cr-tests", Guid.NewGuid().ToString("N"));

    public ComplianceAppFactory() => Directory.CreateDirectory(_directory);

    public string DatabasePath => Path.Combine(_directory, "compliance.db");

    /// <summary>The digest store's folder (signed audit checkpoints), outside the database as in production.</summary>
    public string CheckpointPath => Path.Combine(_directory, "checkpoints");

    public FakeTimeProvider Time { get; } = new(DefaultNow);

    protected virtual bool SeedDemoData => false;

    protected virtual string EnvironmentName => "Development";

    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = DatabasePath,
            ["Demo:Seed"] = SeedDemoData ? "true" : "false",
            ["Storage:DocumentsPath"] = Path.Combine(_directory, "documents"),
            ["Audit:CheckpointPath"] = CheckpointPath,
        };
        Configure(settings);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    /// <summary>A service as the given user would get it: the same DI graph, with that user as <see cref="ICurrentUser"/>.</summary>
    public T ServiceAs<T>(TestUser user) where T : notnull
    {
        var scope = Services.CreateScope();
        return ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider, user);
    }

    public ComplianceDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<ComplianceDbContext>>().CreateDbContext();

    public Task InitializeAsync()
    {
        _ = Server; // start the host: migrates (and seeds) the database
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // best effort on temp files
    }
}

public sealed class SeededAppFactory : ComplianceAppFactory
{
    protected override bool SeedDemoData => true;
}

/// <summary>A signed-in person for service tests: stable id, name, roles.</summary>
public sealed class TestUser(string id, string name, params string[] roles) : ICurrentUser
{
    public static readonly TestUser Reviewer1 = new("dev-reviewer-1", "Riley Reviewer", Roles.Reviewer);
    public static readonly TestUser Reviewer2 = new("dev-reviewer-2", "Sam Reviewer", Roles.Reviewer);
    public static readonly TestUser LegalLead1 = new(DemoUsers.LegalLead1, "Lee Legal", Roles.LegalLead);
    public static readonly TestUser LegalLead2 = new(DemoUsers.LegalLead2, "Lou Legal", Roles.LegalLead);
    public static readonly TestUser Auditor = new("dev-auditor-1", "Ada Auditor", Roles.Auditor);
    public static readonly TestUser Admin = new("dev-admin-1", "Alex Admin", Roles.Admin);

    /// <summary>Holds both roles: the four-eyes rule must still stop them signing what they decided.</summary>
    public static readonly TestUser ReviewerAndLead = new("dev-both-1", "Robin Both", Roles.Reviewer, Roles.LegalLead);

    public static readonly IReadOnlyList<TestUser> All = [Reviewer1, Reviewer2, LegalLead1, LegalLead2, Auditor, Admin];

    public bool IsAuthenticated => true;
    public UserRef User { get; } = new(id, name);
    public IReadOnlyList<string> RoleNames => roles;
    public bool IsInRole(string role) => roles.Contains(role);

    public override string ToString() => $"{name} ({string.Join(", ", roles)})";
}
