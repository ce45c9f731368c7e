using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Data;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// The transparency report's aggregation for one half-year (demands received 2025-01-01 to 2025-06-30) over the 1M-demand
/// database. The report service (Services/Reports) was not on main when this was written, so this is an equivalent
/// query: the same grouping it uses (country, process type, status, outcome; demands and accounts specified per group),
/// with accounts counted from the targets table, as main's schema has no per-demand account count.
/// Baseline: the half-year's rows loaded and grouped in memory. Candidate: one SQL GROUP BY.
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 8)]
public class TransparencyBenchmarks
{
    private static readonly DateTimeOffset From = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private AppServices _app = null!;
    private IDbContextFactory<ComplianceDbContext> _contexts = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = AppServices.For(BenchmarkDatabase.EnsureCreated(BenchmarkDatabase.DemandCount));
        _contexts = _app.Get<IDbContextFactory<ComplianceDbContext>>();
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            Console.WriteLine("// " + SqlQuery(db).ToQueryString().ReplaceLineEndings(" "));
        }
        var sql = await SqlGroupBy();
        var memory = await InMemory();
        if (sql.Sum(g => g.Demands) != memory.Sum(g => g.Demands) || sql.Sum(g => g.Accounts) != memory.Sum(g => g.Accounts))
            throw new InvalidOperationException("The two aggregations disagree.");
        Console.WriteLine($"// 2025 H1: {sql.Sum(g => g.Demands):N0} demands, {sql.Sum(g => g.Accounts):N0} accounts, {sql.Count} groups");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _app.DisposeAsync();

    [Benchmark(Baseline = true, Description = "Load half-year, group in memory")]
    public async Task<List<ReportGroup>> InMemory()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var rows = await db.Demands.AsNoTracking()
            .Where(d => d.ReceivedAt >= From && d.ReceivedAt < To)
            .Select(d => new { d.Agency.CountryCode, d.ProcessType, d.Status, d.Outcome, Accounts = d.Targets.Count })
            .ToListAsync();
        return rows.GroupBy(r => (r.CountryCode, r.ProcessType, r.Status, r.Outcome))
            .Select(g => new ReportGroup(g.Key.CountryCode, g.Key.ProcessType, g.Key.Status, g.Key.Outcome, g.Count(), g.Sum(r => r.Accounts)))
            .ToList();
    }

    [Benchmark(Description = "SQL GROUP BY (report-equivalent)")]
    public async Task<List<ReportGroup>> SqlGroupBy()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return await SqlQuery(db).ToListAsync();
    }

    private static IQueryable<ReportGroup> SqlQuery(ComplianceDbContext db) =>
        // The LINQ a report would naturally write. EF translates the account sum into a correlated subquery per group
        // that re-reads the half-year for each group (the setup prints the SQL); projecting the count before grouping,
        // as here, does not change that. Kept as is: it is what the benchmark found (see docs/benchmarks.md).
        db.Demands.AsNoTracking()
            .Where(d => d.ReceivedAt >= From && d.ReceivedAt < To)
            .Select(d => new { d.Agency.CountryCode, d.ProcessType, d.Status, d.Outcome, Accounts = d.Targets.Count })
            .GroupBy(d => new { d.CountryCode, d.ProcessType, d.Status, d.Outcome })
            .Select(g => new ReportGroup(g.Key.CountryCode, g.Key.ProcessType, g.Key.Status, g.Key.Outcome, g.Count(), g.Sum(d => d.Accounts)));

    public sealed record ReportGroup(string Country, ProcessType ProcessType, DemandStatus Status, Outcome? Outcome, int Demands, int Accounts);
}
