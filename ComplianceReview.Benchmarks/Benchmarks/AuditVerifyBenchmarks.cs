using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Data;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Domain.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// Verifying the audit chain of the 1M-demand database. Baseline: streaming the first 1,000,000 entries out of SQLite
/// through EF (no hashing): the floor any verification pays. Candidates: the domain <see cref="AuditChainVerifier"/> over
/// the same stream (the goal's measure), and the app's <see cref="AuditVerificationService"/> over the whole chain
/// (about 2M entries; it reads keyset batches of 2,000 and appends one ChainVerified entry per run, so it runs on a
/// copy of the cached database).
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 5)]
public class AuditVerifyBenchmarks
{
    public const long Entries = 1_000_000;

    private AppServices _app = null!;
    private AppServices _copyApp = null!;
    private IDbContextFactory<ComplianceDbContext> _contexts = null!;
    private string _copy = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = BenchmarkDatabase.EnsureCreated(BenchmarkDatabase.DemandCount);
        _app = AppServices.For(path);
        _contexts = _app.Get<IDbContextFactory<ComplianceDbContext>>();
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            var count = await db.AuditEntries.LongCountAsync();
            if (count < Entries) throw new InvalidOperationException($"The database holds {count:N0} audit entries, fewer than {Entries:N0}.");
            Console.WriteLine($"// {count:N0} audit entries in the database");
        }

        _copy = Path.Combine(BenchmarkDatabase.Folder, "verify-copy.db");
        Delete(_copy);
        File.Copy(path, _copy);
        _copyApp = AppServices.For(_copy);

        if (!DomainVerifier().IsValid) throw new InvalidOperationException("The generated chain does not verify.");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _app.DisposeAsync();
        await _copyApp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Delete(_copy);
    }

    [Benchmark(Baseline = true, Description = "Stream 1M entries (no hashing)")]
    public long StreamOnly()
    {
        using var db = _contexts.CreateDbContext();
        long count = 0;
        foreach (var entry in FirstMillion(db)) count += entry.Sequence > 0 ? 1 : 0;
        return count;
    }

    [Benchmark(Description = "AuditChainVerifier over 1M streamed entries")]
    public ChainVerification DomainVerifier()
    {
        using var db = _contexts.CreateDbContext();
        var verifier = new AuditChainVerifier();
        foreach (var entry in FirstMillion(db))
        {
            if (!verifier.Add(entry)) break;
        }
        return verifier.Complete();
    }

    [Benchmark(Description = "AuditVerificationService, whole chain (~2M)")]
    public Task<ChainVerification> AppService() => _copyApp.Get<AuditVerificationService>().VerifyAsync();

    private static IEnumerable<AuditEntry> FirstMillion(ComplianceDbContext db) =>
        db.AuditEntries.AsNoTracking().Where(e => e.Sequence <= Entries).OrderBy(e => e.Sequence).AsEnumerable();

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
    }
}
