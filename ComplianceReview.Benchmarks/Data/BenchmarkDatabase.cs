using ComplianceReview.App.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Benchmarks.Data;

/// <summary>
/// The cached benchmark database: created by the app's own migrations, filled once by <see cref="DemandDataGenerator"/>
/// and reused by every later run. Delete the folder (or set <c>CR_BENCH_DIR</c>) to start over.
/// </summary>
public static class BenchmarkDatabase
{
    public const int DefaultDemandCount = 1_000_000;

    /// <summary>Bumped whenever the generator's output changes, so an old cache is not reused.</summary>
    private const int GeneratorVersion = 3; // 2: every migration up to DemandFilterIndexes, SpecifiedAccountCount filled; 3: keyed audit entries (issue 17)

    public static string Folder => Environment.GetEnvironmentVariable("CR_BENCH_DIR") is { Length: > 0 } dir ? dir : "/tmp/cr-bench";

    public static int DemandCount =>
        int.TryParse(Environment.GetEnvironmentVariable("CR_BENCH_DEMANDS"), out var n) && n > 0 ? n : DefaultDemandCount;

    /// <summary>The path of the filled database, generating it first when it is not cached yet.</summary>
    public static string EnsureCreated(int demands) => EnsureCreated(demands, Console.Out);

    public static string EnsureCreated(int demands, TextWriter log)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"demands-{demands}-v{GeneratorVersion}.db");
        var done = path + ".done";
        if (File.Exists(path) && File.Exists(done)) return path;

        var building = path + ".building";
        foreach (var stale in new[] { building, building + "-wal", building + "-shm", path, path + "-wal", path + "-shm" })
            File.Delete(stale);

        CreateSchema(building);
        new DemandDataGenerator(demands, log).Fill(building);
        File.Move(building, path);
        File.WriteAllText(done, DateTimeOffset.UtcNow.ToString("O"));
        return path;
    }

    /// <summary>An empty database with the app's schema (migrations, indexes, audit triggers).</summary>
    public static void CreateSchema(string path)
    {
        using (var db = new SqliteComplianceDbContext(Options(path)))
        {
            db.Database.Migrate();
        }
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The options the app uses for SQLite: its connection string and its pragmas (WAL, synchronous=FULL).</summary>
    public static DbContextOptions<SqliteComplianceDbContext> Options(string path) =>
        new DbContextOptionsBuilder<SqliteComplianceDbContext>()
            .UseSqlite(DataExtensions.SqliteConnectionString(path))
            .AddInterceptors(SqlitePragmaInterceptor.Instance)
            .Options;
}
