using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Data;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// The transparency report's aggregation for one half-year (2025 H1: demands received 2025-01-01 to 2025-06-30) over
/// the 1M-demand database. Baseline: the half-year's rows loaded and grouped in memory. Candidate: the app's
/// <see cref="TransparencyReportService.BuildAsync"/> (one GROUP BY that reads the covering index IX_Demands_Report).
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 10)]
public class TransparencyBenchmarks
{
    private static readonly ReportPeriod Period = ReportPeriod.Create(2025, 1);

    private AppServices _app = null!;
    private IDbContextFactory<ComplianceDbContext> _contexts = null!;
    private TransparencyReportService _reports = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = AppServices.For(BenchmarkDatabase.EnsureCreated(BenchmarkDatabase.DemandCount));
        _contexts = _app.Get<IDbContextFactory<ComplianceDbContext>>();
        _reports = _app.Get<TransparencyReportService>();
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            Console.WriteLine("// " + TransparencyReportService.GroupCounts(db, Period).ToQueryString().ReplaceLineEndings(" "));
        }
        var report = await Service();
        var memory = await InMemory();
        var demands = report.Requests.Total.Requests + report.Emergencies.Total.Requests + report.Preservations.Total.Requests;
        var accounts = report.Requests.Total.Accounts + report.Emergencies.Total.Accounts + report.Preservations.Total.Accounts;
        if (demands != memory.Sum(g => g.Demands) || accounts != memory.Sum(g => g.Accounts))
            throw new InvalidOperationException("The two aggregations disagree.");
        Console.WriteLine($"// {Period}: {demands:N0} demands, {accounts:N0} accounts, {memory.Count} groups");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _app.DisposeAsync();

    [Benchmark(Baseline = true, Description = "Load half-year, group in memory")]
    public async Task<List<ReportGroup>> InMemory()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var start = Period.Start;
        var end = Period.EndExclusive;
        var rows = await db.Demands.AsNoTracking()
            .Where(d => d.ReceivedAt >= start && d.ReceivedAt < end)
            .Select(d => new { d.Agency.CountryCode, d.ProcessType, d.Status, d.Outcome, d.SpecifiedAccountCount })
            .ToListAsync();
        return rows.GroupBy(r => (r.CountryCode, r.ProcessType, r.Status, r.Outcome))
            .Select(g => new ReportGroup(g.Key.CountryCode, g.Key.ProcessType, g.Key.Status, g.Key.Outcome, g.Count(), g.Sum(r => r.SpecifiedAccountCount)))
            .ToList();
    }

    [Benchmark(Description = "TransparencyReportService.BuildAsync (GROUP BY)")]
    public Task<TransparencyReport> Service() => _reports.BuildAsync(Period);

    public sealed record ReportGroup(string Country, ProcessType ProcessType, DemandStatus Status, Outcome? Outcome, int Demands, int Accounts);
}
