using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Data;

/// <summary>At startup: create or migrate the database, then seed the demo data when it is empty and seeding is on.</summary>
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
