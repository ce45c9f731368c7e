using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Data;

/// <summary>
/// At startup: create or migrate the database, check that the audit table is still protected (else refuse to serve, see
/// <see cref="AuditIntegrityGate"/>), then seed the demo data when it is empty and seeding is on. Seeding in the
/// Production environment is refused before the database is touched, and the app does not start: skipping it with a log
/// line would leave a production instance running on a configuration someone believed in, found only if the log is read,
/// whereas a refused start is seen at deployment and writes nothing.
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

    /// <summary>
    /// The SQLite file holds customer data and the trail, so on Unix it is its owner's alone: the folder is created 0700
    /// (before anything is written into it), and right after the migrations have created or opened the file it is narrowed
    /// to 0600, the -wal and -shm files with it (SQLite gives those the database file's mode when it creates them later).
    /// The file is not created ahead of SQLite: EF opens an existing file read-only to see whether it is a database.
    /// </summary>
    internal static void PrepareSqliteFolder(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (Directory.Exists(folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <inheritdoc cref="PrepareSqliteFolder"/>
    internal static void RestrictSqliteFile(string path)
    {
        if (OperatingSystem.IsWindows()) return; // the folder's ACL governs there
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0) File.SetUnixFileMode(file, OwnerOnly);
        }
    }

    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        if (demoOptions.Value.Seed && environment.IsProduction()) throw new InvalidOperationException(DemoOptions.ProductionSeedRefused);

        var sqlitePath = databaseOptions.Value.Provider == DatabaseProvider.Sqlite
            ? DataExtensions.ResolvePath(environment.ContentRootPath, databaseOptions.Value.SqlitePath)
            : null;
        if (sqlitePath is not null) PrepareSqliteFolder(sqlitePath);

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (sqlitePath is not null) RestrictSqliteFile(sqlitePath);
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
