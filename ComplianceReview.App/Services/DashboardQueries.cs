using System.Collections.Concurrent;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

/// <summary>A demand in one of the dashboard's lists; <see cref="IsOverdue"/> as of when the list was loaded.</summary>
public sealed record DemandSummary(string Reference, string Agency, string Country, ProcessType ProcessType, DemandStatus Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool IsOverdue);

public sealed record DashboardFigures(
    IReadOnlyDictionary<DemandStatus, int> CountsByStatus,
    IReadOnlyList<DemandSummary> Overdue,
    IReadOnlyList<DemandSummary> DueSoon,
    IReadOnlyList<DemandSummary> Emergencies,
    IReadOnlyList<DemandSummary> MyReviews,
    DateTimeOffset AsOf);

/// <summary>
/// The dashboard's figures: counts by status, overdue and due-soon open demands, emergencies, the user's reviews.
/// <para>
/// Every signed-in user opens the dashboard, so the figures are shared: loaded once and reused until this instance
/// commits a change (<see cref="ComplianceWriter.Changes"/>) or <see cref="MaxAge"/> passes, whichever comes first. All
/// open dashboards then hold the same objects instead of a copy each (docs/benchmarks.md, circuits), and opening the
/// dashboard costs no query while nothing changed. Changes made through another app instance on the same database show
/// after at most <see cref="MaxAge"/>. Each user's "My reviews" is kept with the figures and dropped with them.
/// </para>
/// </summary>
public sealed class DashboardQueries(IDbContextFactory<ComplianceDbContext> contexts, TimeProvider time, ComplianceWriter writer)
{
    public const int ListLimit = 20;

    /// <summary>How long figures are reused while this instance changes nothing (another instance may).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    // An array for EF's IN list; the statuses are the domain's one list.
    private static readonly DemandStatus[] Open = [.. OpenDemands.Statuses];

    private volatile Loaded? _loaded;

    public async Task<DashboardFigures> LoadAsync(string? userId, CancellationToken cancellationToken = default)
    {
        // Read the change count before the queries: a change committed while they run makes the next call load again.
        var changes = writer.Changes;
        var now = time.GetUtcNow();

        var loaded = _loaded;
        if (loaded is null || !loaded.IsCurrent(changes, now))
        {
            _loaded = loaded = new Loaded(await LoadSharedAsync(now, cancellationToken), changes, now);
        }

        IReadOnlyList<DemandSummary> mine = [];
        if (userId is not null && !loaded.Reviews.TryGetValue(userId, out mine!))
        {
            // Loaded as of the shared figures' instant, and kept with them: they are current (or not) together.
            mine = await LoadReviewsAsync(userId, loaded.LoadedAt, cancellationToken);
            loaded.Reviews[userId] = mine;
        }

        var figures = loaded.Figures;
        return new DashboardFigures(figures.CountsByStatus, figures.Overdue, figures.DueSoon, figures.Emergencies, mine, loaded.LoadedAt);
    }

    private async Task<SharedFigures> LoadSharedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var soon = now + OpenDemands.DueSoonWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var counts = await db.Demands.AsNoTracking().GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byStatus = Enum.GetValues<DemandStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0);

        var open = db.Demands.AsNoTracking().Where(d => Open.Contains(d.Status));
        var overdue = await ListAsync(open.Where(d => d.DueAt < now), now, cancellationToken);
        var dueSoon = await ListAsync(open.Where(d => d.DueAt >= now && d.DueAt <= soon), now, cancellationToken);
        var emergencies = await ListAsync(open.Where(d => d.ProcessType == ProcessType.EmergencyRequest), now, cancellationToken);
        return new SharedFigures(byStatus, overdue, dueSoon, emergencies);
    }

    private async Task<IReadOnlyList<DemandSummary>> LoadReviewsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ListAsync(db.Demands.AsNoTracking().Where(d => Open.Contains(d.Status) && d.AssignedReviewerId == userId), now, cancellationToken);
    }

    private static async Task<IReadOnlyList<DemandSummary>> ListAsync(IQueryable<LegalDemand> demands, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await demands.OrderBy(d => d.DueAt).Take(ListLimit)
            .Select(d => new { Reference = d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.ProcessType, d.Status, d.ReceivedAt, d.DueAt })
            .ToListAsync(cancellationToken);
        return rows.Select(d => new DemandSummary(d.Reference, d.Name, d.CountryCode, d.ProcessType, d.Status, d.ReceivedAt, d.DueAt, d.DueAt < now))
            .ToList();
    }

    private sealed record SharedFigures(
        IReadOnlyDictionary<DemandStatus, int> CountsByStatus,
        IReadOnlyList<DemandSummary> Overdue,
        IReadOnlyList<DemandSummary> DueSoon,
        IReadOnlyList<DemandSummary> Emergencies);

    /// <summary>One load of the figures, with the users' "My reviews" lists loaded since, all dropped together.</summary>
    private sealed record Loaded(SharedFigures Figures, long Changes, DateTimeOffset LoadedAt)
    {
        public ConcurrentDictionary<string, IReadOnlyList<DemandSummary>> Reviews { get; } = new(StringComparer.Ordinal);

        public bool IsCurrent(long changes, DateTimeOffset now) => Changes == changes && now >= LoadedAt && now - LoadedAt < MaxAge;
    }
}
