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
/// Verifying the audit chain of the 1M-demand database (1,980,174 entries). Baseline: the first 1,000,000 entries
/// streamed through EF and checked one by one by <see cref="AuditChainVerifier"/> (how the service verified before).
/// Candidates: the app's <see cref="AuditVerificationService"/> check (parallel segments, plain ADO.NET readers) over
/// the same first 1,000,000 entries (the goal's measure), and over the whole chain.
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 5)]
public class AuditVerifyBenchmarks
{
    public const long Entries = 1_000_000;

    private AppServices _app = null!;
    private IDbContextFactory<ComplianceDbContext> _contexts = null!;
    private AuditVerificationService _service = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = BenchmarkDatabase.EnsureCreated(BenchmarkDatabase.DemandCount);
        _app = AppServices.For(path);
        _contexts = _app.Get<IDbContextFactory<ComplianceDbContext>>();
        _service = _app.Get<AuditVerificationService>();
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            var count = await db.AuditEntries.LongCountAsync();
            if (count < Entries) throw new InvalidOperationException($"The database holds {count:N0} audit entries, fewer than {Entries:N0}.");
            Console.WriteLine($"// {count:N0} audit entries in the database");
        }

        var baseline = EfStreamVerifier();
        var candidate = await ServiceFirstMillion();
        if (!baseline.IsValid || !candidate.IsValid || baseline.Head != candidate.Head || candidate.EntriesChecked != Entries)
            throw new InvalidOperationException($"The generated chain does not verify the same both ways: {baseline} / {candidate}.");
        var whole = await ServiceWholeChain();
        if (!whole.IsValid) throw new InvalidOperationException($"The whole chain does not verify: {whole.Problem}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true, Description = "EF stream + AuditChainVerifier, 1M (before)")]
    public ChainVerification EfStreamVerifier()
    {
        using var db = _contexts.CreateDbContext();
        var verifier = new AuditChainVerifier(BenchmarkAuditKey.Ring);
        foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence <= Entries).OrderBy(e => e.Sequence).AsEnumerable())
        {
            if (!verifier.Add(entry)) break;
        }
        return verifier.Complete();
    }

    [Benchmark(Description = "AuditVerificationService, first 1M")]
    public Task<ChainVerification> ServiceFirstMillion() => _service.VerifyChainAsync(null, null, CancellationToken.None, upTo: Entries);

    [Benchmark(Description = "AuditVerificationService, whole chain (~2M)")]
    public Task<ChainVerification> ServiceWholeChain() => _service.VerifyChainAsync(null, null, CancellationToken.None);
}
