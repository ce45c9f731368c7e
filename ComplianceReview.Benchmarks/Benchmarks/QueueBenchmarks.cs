using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Data;
using ComplianceReview.App.Services;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// One queue page (25 rows, sorted by due date) over the cached 1M-demand database, half-way through the filtered
/// rows. Baseline: the same query paged with OFFSET. Candidates: the app's <see cref="DemandQueue"/> (keyset, a compiled
/// query for these shapes) at the same depth, the same page through the query built at run time, and the first page.
/// </summary>
[ShortInProcessJob(warmupCount: 2, iterationCount: 15)]
public class QueueBenchmarks
{
    private AppServices _app = null!;
    private DemandQueue _queue = null!;
    private IDbContextFactory<ComplianceDbContext> _contexts = null!;
    private DemandQuery _first = null!;
    private DemandQuery _middle = null!;
    private int _middleOffset;

    /// <summary>The filter: a status with many rows, an open status, or a country (no status).</summary>
    [Params("Disclosed", "InReview", "Country=US")]
    public string Filter { get; set; } = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = AppServices.For(BenchmarkDatabase.EnsureCreated(BenchmarkDatabase.DemandCount));
        _queue = _app.Get<DemandQueue>();
        _contexts = _app.Get<IDbContextFactory<ComplianceDbContext>>();
        _first = Filter.StartsWith("Country=", StringComparison.Ordinal)
            ? new DemandQuery { Country = Filter["Country=".Length..], Sort = DemandSort.DueAsc }
            : new DemandQuery { Status = Enum.Parse<DemandStatus>(Filter), Sort = DemandSort.DueAsc };

        await using (var db = await _contexts.CreateDbContextAsync())
        {
            var matching = await Filtered(db).CountAsync();
            _middleOffset = matching / 2;
            var last = await Filtered(db).OrderBy(d => d.DueAt).ThenBy(d => d.Id).Skip(_middleOffset - 1)
                .Select(d => new { d.DueAt, d.Id }).FirstAsync();
            _middle = _first with { After = new DemandCursor(last.DueAt, last.Id) };
            Console.WriteLine($"// {Filter}: {matching:N0} matching demands; middle page starts at row {_middleOffset:N0}");
        }

        // Both ways must return the same page, or the comparison means nothing.
        var keyset = await KeysetMiddle();
        var offset = await OffsetMiddle();
        var built = await KeysetMiddleBuilt();
        if (!keyset.Select(r => r.Id).SequenceEqual(offset.Select(r => r.Id)) || !keyset.SequenceEqual(built))
            throw new InvalidOperationException("Keyset (compiled or built) and OFFSET pages differ.");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _app.DisposeAsync();

    [Benchmark(Baseline = true, Description = "OFFSET, middle page")]
    public async Task<IReadOnlyList<DemandQueueRow>> OffsetMiddle()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var rows = await Filtered(db).OrderBy(d => d.DueAt).ThenBy(d => d.Id)
            .Skip(_middleOffset).Take(_first.PageSize + 1)
            .Select(d => new DemandQueueRow(d.Id, d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.CaseNumber, d.ProcessType,
                d.Status, d.ReceivedAt, d.DueAt, d.AssignedReviewerName))
            .ToListAsync();
        return rows.Take(_first.PageSize).ToList();
    }

    [Benchmark(Description = "DemandQueue keyset, middle page")]
    public async Task<IReadOnlyList<DemandQueueRow>> KeysetMiddle() => (await _queue.PageAsync(_middle)).Rows;

    [Benchmark(Description = "DemandQueue keyset built at run time, middle page")]
    public async Task<IReadOnlyList<DemandQueueRow>> KeysetMiddleBuilt() => (await _queue.PageAsync(_middle, precompiled: false)).Rows;

    [Benchmark(Description = "DemandQueue keyset, first page")]
    public async Task<IReadOnlyList<DemandQueueRow>> KeysetFirst() => (await _queue.PageAsync(_first)).Rows;

    /// <summary>The queue's filter for the two cases benchmarked (status, or country), written out for the OFFSET variant.</summary>
    private IQueryable<LegalDemand> Filtered(ComplianceDbContext db)
    {
        var demands = db.Demands.AsNoTracking();
        if (_first.Status is { } status) demands = demands.Where(d => d.Status == status);
        if (_first.Country is { } country) demands = demands.Where(d => d.Agency.CountryCode == country);
        return demands;
    }
}
