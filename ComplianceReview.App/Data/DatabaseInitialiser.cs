using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Data;

/// <summary>
/// At startup: create or migrate the database, check that the audit table is still protected (else refuse to serve, see
/// <see cref="AuditIntegrityGate"/>), then seed the demo data when it is empty and seeding is on.
/// </summary>
public sealed class DatabaseInitialiser(
    IDbContextFactory<ComplianceDbContext> contexts,
    AuditIntegrityGate integrity,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<DemoOptions> demoOptions,
    IServiceProvider services,
    IHostEnvironment environment,
    ILogger<DatabaseInitialiser> logger)
{
    /// <summary>Logged when seeding starts; the crash harness reads it to tell a kill during the seed.</summary>
    public const string SeedingMessage = "Seeding demo data";

    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        if (databaseOptions.Value.Provider == DatabaseProvider.Sqlite)
        {
            var path = DataExtensions.ResolvePath(environment.ContentRootPath, databaseOptions.Value.SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            // The protection the migrations put on the audit table must still be there; without it nothing is served.
            var problems = await AuditIntegrity.ProblemsAsync(db, cancellationToken);
            if (problems.Count > 0)
            {
                logger.LogCritical("REFUSING TO SERVE: the database does not protect the audit trail. {Problems} Investigate and verify " +
                    "the trail, restore the protection (AuditTriggers / AuditLedger), then restart.", string.Join(" ", problems));
                integrity.Refuse(problems);
                return;
            }
            if (!demoOptions.Value.Seed || await db.Demands.AnyAsync(cancellationToken) || await db.Customers.AnyAsync(cancellationToken))
                return;
        }

        logger.LogInformation(SeedingMessage);
        await ActivatorUtilities.CreateInstance<DemoDataSeeder>(services).SeedAsync(cancellationToken);
    }
}
