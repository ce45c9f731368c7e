using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Data;

/// <summary>
/// At startup: create or migrate the database, then seed the demo data when it is empty and seeding is on. Seeding in the
/// Production environment is refused before the database is touched, and the app does not start: skipping it with a log
/// line would leave a production instance running on a configuration someone believed in, found only if the log is read,
/// whereas a refused start is seen at deployment and writes nothing.
/// </summary>
public sealed class DatabaseInitialiser(
    IDbContextFactory<ComplianceDbContext> contexts,
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
        if (demoOptions.Value.Seed && environment.IsProduction()) throw new InvalidOperationException(DemoOptions.ProductionSeedRefused);

        if (databaseOptions.Value.Provider == DatabaseProvider.Sqlite)
        {
            var path = DataExtensions.ResolvePath(environment.ContentRootPath, databaseOptions.Value.SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (!demoOptions.Value.Seed || await db.Demands.AnyAsync(cancellationToken) || await db.Customers.AnyAsync(cancellationToken))
                return;
        }

        logger.LogInformation(SeedingMessage);
        await ActivatorUtilities.CreateInstance<DemoDataSeeder>(services).SeedAsync(cancellationToken);
    }
}
