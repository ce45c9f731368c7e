using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

public sealed record DemandSummary(string Reference, string Agency, string Country, ProcessType ProcessType, DemandStatus Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt);

public sealed record DashboardFigures(
    IReadOnlyDictionary<DemandStatus, int> CountsByStatus,
    IReadOnlyList<DemandSummary> Overdue,
    IReadOnlyList<DemandSummary> DueSoon,
    IReadOnlyList<DemandSummary> Emergencies,
    IReadOnlyList<DemandSummary> MyReviews);

/// <summary>The dashboard's figures: counts by status, overdue and due-soon open demands, emergencies, the user's reviews.</summary>
public sealed class DashboardQueries(IDbContextFactory<ComplianceDbContext> contexts, TimeProvider time)
{
    public static readonly TimeSpan DueSoonWindow = TimeSpan.FromHours(48);
    public const int ListLimit = 20;

    private static readonly DemandStatus[] Open = [DemandStatus.Received, DemandStatus.InReview, DemandStatus.AwaitingSignOff];

    public async Task<DashboardFigures> LoadAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var soon = now + DueSoonWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var counts = await db.Demands.AsNoTracking().GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byStatus = Enum.GetValues<DemandStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0);

        var open = db.Demands.AsNoTracking().Where(d => Open.Contains(d.Status));
        var overdue = await Summaries(open.Where(d => d.DueAt < now).OrderBy(d => d.DueAt)).ToListAsync(cancellationToken);
        var dueSoon = await Summaries(open.Where(d => d.DueAt >= now && d.DueAt <= soon).OrderBy(d => d.DueAt)).ToListAsync(cancellationToken);
        var emergencies = await Summaries(open.Where(d => d.ProcessType == ProcessType.EmergencyRequest).OrderBy(d => d.DueAt)).ToListAsync(cancellationToken);
        var mine = userId is null ? [] : await Summaries(open
                .Where(d => d.AssignedReviewerId == userId)
                .OrderBy(d => d.DueAt))
            .ToListAsync(cancellationToken);
        return new DashboardFigures(byStatus, overdue, dueSoon, emergencies, mine);
    }

    private static IQueryable<DemandSummary> Summaries(IQueryable<LegalDemand> query) =>
        query.Take(ListLimit).Select(d => new DemandSummary(d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.ProcessType, d.Status, d.ReceivedAt, d.DueAt));
}
