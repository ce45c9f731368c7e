using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Services.Reports;

public sealed record FollowUpItem(string Reference, string Agency, string Country, DateTimeOffset DisclosedAt, DateOnly DueOn, bool IsOverdue,
    string? Justification, int Version);

/// <summary>For the dashboard: emergency disclosures still waiting for their legal process, and how many are late.</summary>
public sealed record FollowUpSummary(int Open, int Overdue);

public sealed record PreservationItem(string Reference, string Agency, string Country, DateTimeOffset PreservedUntil, bool Extended,
    bool ExpiringSoon, bool Expired, int Version);

public sealed record NotificationItem(string Reference, string Agency, string Country, DemandStatus Status, DateTimeOffset? DisclosedAt,
    NotificationStatus Notification, NonDisclosureKind NonDisclosure, DateOnly? NonDisclosureUntil, int Version);

public sealed record NotificationLists(IReadOnlyList<NotificationItem> Due, IReadOnlyList<NotificationItem> Deferred,
    IReadOnlyList<NotificationItem> ChallengeCandidates);

/// <summary>
/// The lists of the three tracks, filtered in SQL and dated by <see cref="TimeProvider"/>: emergency follow-ups,
/// preservations by expiry, customer notifications. Read-only and without customer data, like the dashboard's queries.
/// </summary>
public sealed class TrackQueries(IDbContextFactory<ComplianceDbContext> contexts, TimeProvider time,
    IOptions<EmergencyOptions> emergency, IOptions<PreservationOptions> preservation)
{
    public const int ListLimit = 200;

    public int FollowUpDays => emergency.Value.FollowUpDays;
    public int ExpiryWarningDays => preservation.Value.ExpiryWarningDays;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Disclosed emergency requests without a recorded follow-up legal process, the oldest disclosure first.</summary>
    public async Task<IReadOnlyList<FollowUpItem>> EmergencyFollowUpsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await FollowUpsDue(db).OrderBy(d => d.ClosedAt).Take(ListLimit)
            .Select(d => new { Reference = d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.ClosedAt, d.EmergencyJustification, d.Version })
            .ToListAsync(cancellationToken);
        var today = Today;
        return rows.Select(r =>
        {
            var due = DateOnly.FromDateTime(r.ClosedAt!.Value.UtcDateTime).AddDays(FollowUpDays);
            return new FollowUpItem(r.Reference, r.Name, r.CountryCode, r.ClosedAt.Value, due, due < today, r.EmergencyJustification, r.Version);
        }).ToList();
    }

    public async Task<FollowUpSummary> EmergencyFollowUpSummaryAsync(CancellationToken cancellationToken = default)
    {
        // Overdue: disclosed on a day before (today - FollowUpDays), i.e. the due day has passed.
        var overdueBefore = new DateTimeOffset(Today.AddDays(-FollowUpDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await FollowUpsDue(db).CountAsync(cancellationToken);
        var overdue = await FollowUpsDue(db).CountAsync(d => d.ClosedAt < overdueBefore, cancellationToken);
        return new FollowUpSummary(open, overdue);
    }

    /// <summary>Preserved demands by the end of their preservation, soonest first; those ending within the warning window are flagged.</summary>
    public async Task<IReadOnlyList<PreservationItem>> PreservationExpiryAsync(int? withinDays = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var soon = now.AddDays(withinDays ?? ExpiryWarningDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Demands.AsNoTracking().Where(d => d.Status == DemandStatus.Preserved).OrderBy(d => d.PreservedUntil).Take(ListLimit)
            .Select(d => new { Reference = d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.PreservedUntil, d.PreservationExtended, d.Version })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PreservationItem(r.Reference, r.Name, r.CountryCode, r.PreservedUntil!.Value, r.PreservationExtended,
            r.PreservedUntil.Value <= soon, r.PreservedUntil.Value < now, r.Version)).ToList();
    }

    /// <summary>
    /// Disclosed demands whose customer notification is not recorded: due (no order in force today) or deferred (an order
    /// is in force); and demands under an order without an end date, which are candidates for a challenge.
    /// </summary>
    public async Task<NotificationLists> NotificationsAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = db.Demands.AsNoTracking().Where(d => d.Status == DemandStatus.Disclosed && d.CustomerNotifiedOn == null);
        // The same rule as NonDisclosureOrder.IsInForce, in SQL: none, or an end date before today, means not in force.
        var due = await Items(pending.Where(d => d.NonDisclosure.Kind == NonDisclosureKind.None
            || (d.NonDisclosure.Kind == NonDisclosureKind.UntilDate && d.NonDisclosure.Until < today)), today, cancellationToken);
        var deferred = await Items(pending.Where(d => d.NonDisclosure.Kind == NonDisclosureKind.WithoutEndDate
            || (d.NonDisclosure.Kind == NonDisclosureKind.UntilDate && d.NonDisclosure.Until >= today)), today, cancellationToken);
        var challenge = await Items(db.Demands.AsNoTracking().Where(d => d.NonDisclosure.Kind == NonDisclosureKind.WithoutEndDate
            && d.CustomerNotifiedOn == null && d.Status != DemandStatus.Rejected && d.Status != DemandStatus.Released), today, cancellationToken);
        return new NotificationLists(due, deferred, challenge);
    }

    private static IQueryable<LegalDemand> FollowUpsDue(ComplianceDbContext db) =>
        db.Demands.AsNoTracking().Where(d => d.ProcessType == ProcessType.EmergencyRequest && d.Status == DemandStatus.Disclosed && d.FollowUpProcessDate == null);

    private static async Task<IReadOnlyList<NotificationItem>> Items(IQueryable<LegalDemand> query, DateOnly today, CancellationToken cancellationToken)
    {
        var rows = await query.OrderBy(d => d.ClosedAt).ThenBy(d => d.ReceivedAt).Take(ListLimit)
            .Select(d => new
            {
                Reference = d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.Status, d.ClosedAt,
                d.NonDisclosure.Kind, d.NonDisclosure.Until, d.CustomerNotifiedOn, d.Version,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r =>
        {
            var order = NonDisclosureOrder.From(r.Kind, r.Until);
            var status = r.CustomerNotifiedOn is not null ? NotificationStatus.Recorded
                : r.Status != DemandStatus.Disclosed ? NotificationStatus.NotDue
                : order.IsInForce(today) ? NotificationStatus.Deferred : NotificationStatus.Due;
            return new NotificationItem(r.Reference, r.Name, r.CountryCode, r.Status, r.Status == DemandStatus.Disclosed ? r.ClosedAt : null,
                status, r.Kind, r.Until, r.Version);
        }).ToList();
    }
}
