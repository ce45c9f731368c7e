using ComplianceReview.App.CustomerData;
using ComplianceReview.Domain.CustomerData;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file; relative paths are under the app's content root.</summary>
    public string SqlitePath { get; set; } = "App_Data/compliance.db";
}

public sealed class DemoOptions
{
    public const string Section = "Demo";

    public const string ProductionSeedRefused =
        "Demo:Seed is true in the Production environment. Demo customers and demands are never seeded into a production " +
        "database (they would be disclosed, exported and reported like real ones); remove the setting or set Demo:Seed=false.";

    /// <summary>
    /// Seed demo customers and demands when the database is empty. Off unless configured (appsettings.Development.json
    /// turns it on); refused at startup in Production.
    /// </summary>
    public bool Seed { get; set; }
}

public static class DataExtensions
{
    public static IHostApplicationBuilder AddComplianceData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                var sqlServer = builder.Configuration.GetConnectionString("Compliance");
                if (string.IsNullOrWhiteSpace(sqlServer))
                    throw new InvalidOperationException("Database:Provider is SqlServer, but ConnectionStrings:Compliance is not set.");
                builder.Services.AddPooledDbContextFactory<SqlServerComplianceDbContext>(o => o.UseSqlServer(sqlServer));
                builder.Services.AddSingleton<IDbContextFactory<ComplianceDbContext>,
                    DerivedContextFactory<SqlServerComplianceDbContext>>();
                break;

            case DatabaseProvider.Sqlite:
                var connectionString = SqliteConnectionString(ResolvePath(builder.Environment.ContentRootPath, options.SqlitePath));
                // Pooled: a context keeps its connection object (with the functions EF registers on it) between uses,
                // which makes a short query several hundred microseconds cheaper than a fresh context and connection.
                builder.Services.AddPooledDbContextFactory<SqliteComplianceDbContext>(o =>
                    o.UseSqlite(connectionString).AddInterceptors(SqlitePragmaInterceptor.Instance));
                builder.Services.AddSingleton<IDbContextFactory<ComplianceDbContext>,
                    DerivedContextFactory<SqliteComplianceDbContext>>();
                break;

            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'. Use Sqlite or SqlServer.");
        }

        builder.AddCustomerData();
        builder.Services.AddSingleton<DatabaseInitialiser>();
        builder.Services.AddSingleton<AuditIntegrityGate>();
        builder.Services.AddHealthChecks().AddDbContextCheck<ComplianceDbContext>("database")
            .AddCheck<AuditIntegrityGate>("audit-integrity");
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ComplianceDbContext>>().CreateDbContext());
        return builder;
    }

    public static async Task InitialiseDatabaseAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<DatabaseInitialiser>().InitialiseAsync(app.Lifetime.ApplicationStopping);

    public static string ResolvePath(string contentRoot, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(contentRoot, path));

    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        ForeignKeys = true,
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    private sealed class DerivedContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ComplianceDbContext>
        where TContext : ComplianceDbContext
    {
        public ComplianceDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
