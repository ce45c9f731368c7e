using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Reports;

/// <summary>A published period checked against its figures computed now.</summary>
public sealed record PublishedReportCheck(PublishedTransparencyReport Published, bool IsIntact, IReadOnlyList<CellDifference> Differences)
{
    public bool Reproduces => IsIntact && Differences.Count == 0;
}

/// <summary>A file produced for download.</summary>
public sealed record ReportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The transparency report: computed from grouped counts in SQL (one GROUP BY per period, nothing per demand is
/// loaded), published (frozen with a SHA-256 of its canonical form) and exported. Any signed-in user may read and
/// export it. Publishing is for legal leads only: a published report is a statement of the company about legal
/// demands, which is the legal lead's to make; administrators configure the system but do not vouch for its figures.
/// </summary>
public sealed class TransparencyReportService(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    TimeProvider time)
{
    private readonly ReportAccess access = new(currentUser, writer);

    /// <summary>How many half-years the charts show at most, ending with the current one.</summary>
    public const int MaxChartPeriods = 8;

    public ReportPeriod CurrentPeriod => ReportPeriod.Of(time.GetUtcNow());

    /// <summary>The last period that is over, the one a report is usually about.</summary>
    public ReportPeriod LastCompletePeriod
    {
        get
        {
            var current = CurrentPeriod;
            return current.Half == 2 ? ReportPeriod.Create(current.Year, 1) : ReportPeriod.Create(current.Year - 1, 2);
        }
    }

    public bool CanPublish => access.IsInRole(Roles.LegalLead);

    public async Task<TransparencyReport> BuildAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        access.RequireSignedIn();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ComputeAsync(db, period, cancellationToken);
    }

    /// <summary>The periods that have demands, from the first to the current one, the last <see cref="MaxChartPeriods"/> at most.</summary>
    public async Task<IReadOnlyList<ReportPeriod>> PeriodsAsync(CancellationToken cancellationToken = default)
    {
        access.RequireSignedIn();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // ORDER BY + TAKE 1 on the (ReceivedAt, Id) index rather than MIN(): SQLite stores the date as converted ticks.
        var first = await db.Demands.AsNoTracking().Where(d => !EF.Property<bool>(d, DemoDataSeeder.IsDemoProperty))
            .OrderBy(d => d.ReceivedAt).Select(d => (DateTimeOffset?)d.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        var current = CurrentPeriod;
        if (first is null) return [current];
        var all = ReportPeriod.Range(ReportPeriod.Of(first.Value), current).ToList();
        return all.Skip(Math.Max(0, all.Count - MaxChartPeriods)).ToList();
    }

    /// <summary>The report of each period, for the charts over time.</summary>
    public async Task<IReadOnlyList<TransparencyReport>> SeriesAsync(IEnumerable<ReportPeriod> periods, CancellationToken cancellationToken = default)
    {
        access.RequireSignedIn();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reports = new List<TransparencyReport>();
        foreach (var period in periods.Take(MaxChartPeriods)) reports.Add(await ComputeAsync(db, period, cancellationToken));
        return reports;
    }

    /// <summary>Freezes the period's figures. Once only per period; the period must be over.</summary>
    public async Task<PublishedTransparencyReport> PublishAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var user = await access.RequireAnyRoleAsync($"publish the transparency report {period}", cancellationToken, Roles.LegalLead);
        var key = period.ToString();
        try
        {
            return await writer.WriteAsync(async db =>
            {
                var existing = await db.Set<PublishedTransparencyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Period == key, cancellationToken);
                if (existing is not null)
                    throw new DomainException($"{period} was published on {existing.PublishedAt:yyyy-MM-dd} by {existing.PublishedByName}; published figures are not replaced. Changes since then show as differences.");
                var report = await ComputeAsync(db, period, cancellationToken);
                var published = PublishedTransparencyReport.Publish(report, user, time.GetUtcNow());
                db.Set<PublishedTransparencyReport>().Add(published);
                await writer.Audit.AppendAsync(db, user, ReportAuditActions.TransparencyReportPublished, null, new Dictionary<string, string?>
                {
                    ["period"] = key,
                    ["sha256"] = published.Sha256,
                }, cancellationToken);
                return published;
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new DomainException($"{period} was published by someone else at the same moment.");
        }
    }

    public async Task<IReadOnlyList<PublishedTransparencyReport>> PublishedAsync(CancellationToken cancellationToken = default)
    {
        access.RequireSignedIn();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.Set<PublishedTransparencyReport>().AsNoTracking().ToListAsync(cancellationToken);
        return all.OrderByDescending(r => r.Period, StringComparer.Ordinal).ToList();
    }

    /// <summary>The published figures of a period against the same period computed now; null if it is not published.</summary>
    public async Task<PublishedReportCheck?> CheckAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        access.RequireSignedIn();
        var key = period.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var published = await db.Set<PublishedTransparencyReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Period == key, cancellationToken);
        if (published is null) return null;
        var current = await ComputeAsync(db, period, cancellationToken);
        return new PublishedReportCheck(published, published.IsIntact, published.CompareWith(current));
    }

    /// <summary>The period as CSV; the export is audited with the file's hash.</summary>
    public async Task<ReportFile> ExportCsvAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var report = await BuildAsync(period, cancellationToken);
        var content = Encoding.UTF8.GetBytes(TransparencyCsv.Write(report));
        await RecordExportAsync(period, "csv", content, cancellationToken);
        return new ReportFile($"transparency-{period}.csv", "text/csv; charset=utf-8", content);
    }

    /// <summary>The period as PDF, with its publication and any differences; the export is audited with the file's hash.</summary>
    public async Task<ReportFile> ExportPdfAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var report = await BuildAsync(period, cancellationToken);
        var check = await CheckAsync(period, cancellationToken);
        var content = TransparencyPdf.Render(report, check, time.GetUtcNow(), cancellationToken);
        await RecordExportAsync(period, "pdf", content, cancellationToken);
        return new ReportFile($"transparency-{period}.pdf", "application/pdf", content);
    }

    private async Task RecordExportAsync(ReportPeriod period, string format, byte[] content, CancellationToken cancellationToken) =>
        await writer.RecordAsync(access.RequireSignedIn(), ReportAuditActions.TransparencyReportExported, null, new Dictionary<string, string?>
        {
            ["period"] = period.ToString(),
            ["format"] = format,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
        }, cancellationToken);

    /// <summary>One GROUP BY over the period's demands (by received date): country, process type, status, outcome.</summary>
    internal static async Task<TransparencyReport> ComputeAsync(ComplianceDbContext db, ReportPeriod period, CancellationToken cancellationToken)
    {
        var groups = await GroupCounts(db, period).ToListAsync(cancellationToken);
        return TransparencyReport.Build(period, groups);
    }

    /// <summary>
    /// The query the report is built from; it runs entirely in the database (the tests check its SQL). Demo demands (marked
    /// by the seeder) are never counted, in any environment: the report is a public statement about real legal demands.
    /// </summary>
    internal static IQueryable<DemandGroupCount> GroupCounts(ComplianceDbContext db, ReportPeriod period)
    {
        var start = period.Start;
        var end = period.EndExclusive;
        return db.Demands.AsNoTracking()
            .Where(d => d.ReceivedAt >= start && d.ReceivedAt < end && !EF.Property<bool>(d, DemoDataSeeder.IsDemoProperty))
            .GroupBy(d => new { d.Agency.CountryCode, d.ProcessType, d.Status, d.Outcome })
            .Select(g => new DemandGroupCount(g.Key.CountryCode, g.Key.ProcessType, g.Key.Status, g.Key.Outcome, g.Count(), g.Sum(d => d.SpecifiedAccountCount)));
    }
}
