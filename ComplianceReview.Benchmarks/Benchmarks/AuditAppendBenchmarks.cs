using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Data;
using ComplianceReview.App.Services;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Domain.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// One durable audit append (its own transaction, committed with <c>synchronous=FULL</c> in WAL mode) on a real file.
/// Baseline: a raw prepared INSERT of an entry chained in memory (no lookup of the previous entry, no EF).
/// Candidates: the app's <see cref="ComplianceWriter.RecordAsync"/> through the app's context factory and pragmas, awaited
/// one at a time by one caller, and by 16 callers at once (entries waiting together share one commit; each call still
/// returns only when its entry is durable). Figures are per append.
/// Each runs on its own fresh, migrated database file under the benchmark folder (a real disk, not tmpfs).
/// </summary>
[ShortInProcessJob(warmupCount: 2, iterationCount: 10)]
public class AuditAppendBenchmarks
{
    private static readonly Func<DateTimeOffset, long> ToDb =
        (Func<DateTimeOffset, long>)new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private static readonly Dictionary<string, string?> Details = new() { ["page"] = "demand", ["via"] = "benchmark" };

    private readonly string _appPath = Path.Combine(BenchmarkDatabase.Folder, "append-app.db");
    private readonly string _rawPath = Path.Combine(BenchmarkDatabase.Folder, "append-raw.db");
    private AppServices _app = null!;
    private ComplianceWriter _writer = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _insert = null!;
    private AuditEntry? _previous;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(BenchmarkDatabase.Folder);
        foreach (var path in new[] { _appPath, _rawPath })
        {
            Delete(path);
            BenchmarkDatabase.CreateSchema(path);
        }
        _app = AppServices.For(_appPath);
        _writer = _app.Get<ComplianceWriter>();

        _raw = new SqliteConnection(DataExtensions.SqliteConnectionString(_rawPath));
        _raw.Open();
        using (var pragmas = _raw.CreateCommand())
        {
            pragmas.CommandText = SqlitePragmaInterceptor.Pragmas; // the app's own
            pragmas.ExecuteNonQuery();
        }
        _insert = _raw.CreateCommand();
        _insert.CommandText = """
            INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, KeyId, Hash)
            VALUES ($seq, $at, $actorId, $actorName, $action, $reference, $details, $previous, $keyId, $hash)
            """;
        foreach (var name in new[] { "$seq", "$at", "$actorId", "$actorName", "$action", "$reference", "$details", "$previous", "$keyId", "$hash" })
            _insert.Parameters.Add(new SqliteParameter(name, null));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _insert.DisposeAsync();
        await _raw.DisposeAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Delete(_appPath);
        Delete(_rawPath);
    }

    [Benchmark(Baseline = true, Description = "Raw INSERT, chained in memory")]
    public void RawInsert()
    {
        var entry = AuditEntry.Append(_previous, BenchmarkAuditKey.Key, DateTimeOffset.UtcNow, AppServices.Auditor.Id, AppServices.Auditor.Name,
            AuditActions.DemandViewed, "LD-2026-000001", Details);
        using var transaction = _raw.BeginTransaction();
        _insert.Transaction = transaction;
        var p = _insert.Parameters;
        p["$seq"].Value = entry.Sequence;
        p["$at"].Value = ToDb(entry.OccurredAt);
        p["$actorId"].Value = entry.ActorId;
        p["$actorName"].Value = entry.ActorName;
        p["$action"].Value = entry.Action;
        p["$reference"].Value = entry.DemandReference;
        p["$details"].Value = entry.DetailsJson;
        p["$previous"].Value = entry.PreviousHash;
        p["$keyId"].Value = entry.KeyId;
        p["$hash"].Value = entry.Hash;
        _insert.ExecuteNonQuery();
        transaction.Commit();
        _previous = entry;
    }

    [Benchmark(Description = "ComplianceWriter.RecordAsync, one caller")]
    public Task RecordAsync() =>
        _writer.RecordAsync(AppServices.Auditor, AuditActions.DemandViewed, "LD-2026-000001", Details);

    /// <summary>Users at once, each appending <see cref="AppendsPerCaller"/> entries one after the other (awaiting each).</summary>
    public const int Callers = 16;

    public const int AppendsPerCaller = 8;

    [Benchmark(Description = "ComplianceWriter.RecordAsync, 16 callers at once (a transaction each)", OperationsPerInvoke = Callers * AppendsPerCaller)]
    public Task RecordAsyncConcurrently() =>
        // Each caller on its own thread-pool thread, as requests are: SQLite's "async" calls complete synchronously, so
        // callers started on one thread would simply run one after the other.
        Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < AppendsPerCaller; i++)
                await _writer.RecordAsync(AppServices.Auditor, AuditActions.DemandViewed, "LD-2026-000001", Details);
        })));

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
    }
}
