using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Tracks;

/// <summary>
/// The tracks through the real services and database, with the clock moved by the test: the builder's demands are
/// decided and disclosed at <see cref="DemandBuilder.Now"/> (2026-03-02 10:00 UTC).
/// </summary>
public sealed class TrackServiceTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private static readonly DateTimeOffset Disclosed = DemandBuilder.Now;
    private const string Reason = "The agency confirmed in writing what is needed and why.";

    private TrackQueries Tracks => app.Services.GetRequiredService<TrackQueries>();

    private void At(DateTimeOffset now) => app.Time.AdjustTime(now);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    // ---- Emergency follow-ups ------------------------------------------------------------------------------------

    [Fact]
    public async Task AnEmergencyDisclosureIsListedUntilItsFollowUpIsRecordedAndIsOverdueAfterThirtyDays()
    {
        var demand = await app.SaveAsync(DemandBuilder.EmergencyRequest().Disclosed());
        var reference = demand.Reference.Value;

        At(Disclosed.AddDays(29));
        var item = Assert.Single(await Tracks.EmergencyFollowUpsAsync(), i => i.Reference == reference);
        Assert.Equal(Day(Disclosed).AddDays(30), item.DueOn);
        Assert.False(item.IsOverdue);
        Assert.Equal(demand.EmergencyJustification, item.Justification);
        var before = await Tracks.EmergencyFollowUpSummaryAsync();

        Assert.Equal(0, before.Overdue);

        At(Disclosed.AddDays(31));
        var list = await Tracks.EmergencyFollowUpsAsync();
        Assert.True(Assert.Single(list, i => i.Reference == reference).IsOverdue);
        var late = await Tracks.EmergencyFollowUpSummaryAsync();
        Assert.Equal(before.Open, late.Open);
        Assert.Equal(list.Count(i => i.IsOverdue), late.Overdue); // the dashboard's count in SQL agrees with the list's dates
        Assert.True(late.Overdue >= 1);

        await app.Demands(TestUser.Reviewer1).RecordFollowUpProcessAsync(reference, demand.Version, "Search warrant 26-W-118, Westminster Magistrates' Court", Day(Disclosed).AddDays(20));

        Assert.DoesNotContain(await Tracks.EmergencyFollowUpsAsync(), i => i.Reference == reference);
        Assert.Equal(late.Open - 1, (await Tracks.EmergencyFollowUpSummaryAsync()).Open);
        var audit = (await app.AuditAsync(ReportAuditActions.FollowUpProcessRecorded))[^1];
        Assert.Equal(reference, audit.DemandReference);
        Assert.Equal(TestUser.Reviewer1.User.Id, audit.ActorId);
        Assert.Contains("26-W-118", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFollowUpCannotBeRecordedForADayToComeOrByAnAuditor()
    {
        var demand = await app.SaveAsync(DemandBuilder.EmergencyRequest().Disclosed());
        At(Disclosed.AddDays(5));

        await Assert.ThrowsAsync<DomainException>(() => app.Demands(TestUser.Reviewer1)
            .RecordFollowUpProcessAsync(demand.Reference.Value, demand.Version, "Court order to come", Day(Disclosed).AddDays(6)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.Demands(TestUser.Auditor)
            .RecordFollowUpProcessAsync(demand.Reference.Value, demand.Version, "Court order 12", Day(Disclosed).AddDays(1)));

        await using var db = app.CreateDbContext();
        Assert.Null(await db.Demands.Where(d => d.Id == demand.Id).Select(d => d.FollowUpProcessDate).SingleAsync());
    }

    // ---- Preservation --------------------------------------------------------------------------------------------

    [Fact]
    public async Task APreservationIsFlaggedAsItNearsItsEndExtendedOnceAndReleased()
    {
        var demand = await app.SaveAsync(DemandBuilder.PreservationRequest().ReviewedBy(TestUser.Reviewer2.User).Preserved());
        var reference = demand.Reference.Value;
        var until = Disclosed + Preservation.Period;

        At(until.AddDays(-20));
        var item = Assert.Single(await Tracks.PreservationExpiryAsync(), i => i.Reference == reference);
        Assert.Equal(until, item.PreservedUntil);
        Assert.False(item.ExpiringSoon);
        Assert.True(Assert.Single(await Tracks.PreservationExpiryAsync(withinDays: 30), i => i.Reference == reference).ExpiringSoon);

        At(until.AddDays(-10));
        Assert.True(Assert.Single(await Tracks.PreservationExpiryAsync(), i => i.Reference == reference).ExpiringSoon);

        var extended = await app.Demands(TestUser.Reviewer2).ExtendPreservationAsync(reference, demand.Version, Reason);
        Assert.Equal(until + Preservation.Period, extended.PreservedUntil);
        item = Assert.Single(await Tracks.PreservationExpiryAsync(), i => i.Reference == reference);
        Assert.True(item.Extended);
        Assert.False(item.ExpiringSoon);
        await Assert.ThrowsAsync<DomainException>(() => app.Demands(TestUser.Reviewer2).ExtendPreservationAsync(reference, extended.Version, Reason));

        At(until + Preservation.Period + TimeSpan.FromDays(1));
        Assert.True(Assert.Single(await Tracks.PreservationExpiryAsync(), i => i.Reference == reference).Expired);

        await app.Demands(TestUser.Reviewer2).ReleaseAsync(reference, extended.Version, Reason);
        Assert.DoesNotContain(await Tracks.PreservationExpiryAsync(), i => i.Reference == reference);
    }

    [Fact]
    public async Task PreservingHoldsForNinetyDaysFromTheClockAndNeverProducesAPackage()
    {
        var demand = await app.SaveAsync(DemandBuilder.PreservationRequest().ReviewedBy(TestUser.Reviewer1.User).InReview());
        var now = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        At(now);

        await Assert.ThrowsAsync<DomainException>(() => app.Demands(TestUser.Reviewer1).ApproveAsync(demand.Reference.Value, demand.Version, Reason));
        var preserved = await app.Demands(TestUser.Reviewer1).PreserveAsync(demand.Reference.Value, demand.Version, Reason);

        Assert.Equal(DemandStatus.Preserved, preserved.Status);
        Assert.Equal(now.AddDays(90), preserved.PreservedUntil);
        Assert.Null(preserved.Outcome);
        Assert.Null(preserved.ApprovedScope);
        await Assert.ThrowsAsync<DomainException>(() => app.Demands(TestUser.LegalLead1).SignOffAsync(demand.Reference.Value, preserved.Version, new string('0', 64)));

        var released = await app.Demands(TestUser.Reviewer1).ReleaseAsync(demand.Reference.Value, preserved.Version, Reason);
        Assert.Equal(DemandStatus.Released, released.Status);
        Assert.Null(released.Package);
        Assert.Equal(NotificationStatus.NotDue, released.NotificationStatusOn(Day(now)));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Snapshots.AnyAsync(s => s.DemandId == demand.Id));
        Assert.False(await db.Packages.AnyAsync(p => p.DemandId == demand.Id));
    }

    // ---- Customer notification -----------------------------------------------------------------------------------

    [Fact]
    public async Task TheNotificationIsDeferredWhileTheOrderIsInForceAndDueTheDayAfterItEnds()
    {
        var orderEnds = Day(Disclosed).AddDays(45);
        var demand = await app.SaveAsync(DemandBuilder.CourtOrder().WithNonDisclosure(NonDisclosureKind.UntilDate, orderEnds).Disclosed());
        var reference = demand.Reference.Value;

        At(orderEnds.ToDateTime(new TimeOnly(23, 0), DateTimeKind.Utc));
        var lists = await Tracks.NotificationsAsync();
        Assert.Equal(NotificationStatus.Deferred, Assert.Single(lists.Deferred, i => i.Reference == reference).Notification);
        Assert.DoesNotContain(lists.Due, i => i.Reference == reference);
        await Assert.ThrowsAsync<DomainException>(() => app.Demands(TestUser.Reviewer1)
            .RecordCustomerNotificationAsync(reference, demand.Version, orderEnds, NotificationChannel.Email));

        At(orderEnds.AddDays(1).ToDateTime(new TimeOnly(0, 0), DateTimeKind.Utc));
        lists = await Tracks.NotificationsAsync();
        Assert.Equal(NotificationStatus.Due, Assert.Single(lists.Due, i => i.Reference == reference).Notification);
        Assert.DoesNotContain(lists.Deferred, i => i.Reference == reference);

        await Assert.ThrowsAsync<AccessDeniedException>(() => app.Demands(TestUser.LegalLead1)
            .RecordCustomerNotificationAsync(reference, demand.Version, orderEnds.AddDays(1), NotificationChannel.Email));
        var recorded = await app.Demands(TestUser.Reviewer1).RecordCustomerNotificationAsync(reference, demand.Version, orderEnds.AddDays(1), NotificationChannel.InProduct);

        Assert.Equal(NotificationChannel.InProduct, recorded.CustomerNotificationChannel);
        lists = await Tracks.NotificationsAsync();
        Assert.DoesNotContain(lists.Due.Concat(lists.Deferred), i => i.Reference == reference);
        var audit = (await app.AuditAsync(ReportAuditActions.CustomerNotificationRecorded))[^1];
        Assert.Equal(reference, audit.DemandReference);
        Assert.Contains("InProduct", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdersWithoutAnEndDateAreCandidatesForChallenge()
    {
        var disclosed = await app.SaveAsync(DemandBuilder.CourtOrder().WithNonDisclosure(NonDisclosureKind.WithoutEndDate).Disclosed());
        var open = await app.SaveAsync(DemandBuilder.Subpoena().WithNonDisclosure(NonDisclosureKind.WithoutEndDate).InReview());
        var rejected = await app.SaveAsync(DemandBuilder.Subpoena().WithNonDisclosure(NonDisclosureKind.WithoutEndDate).Rejected());
        At(Disclosed.AddYears(3));

        var lists = await Tracks.NotificationsAsync();

        Assert.Contains(lists.ChallengeCandidates, i => i.Reference == disclosed.Reference.Value);
        Assert.Contains(lists.ChallengeCandidates, i => i.Reference == open.Reference.Value && i.Notification == NotificationStatus.NotDue);
        Assert.DoesNotContain(lists.ChallengeCandidates, i => i.Reference == rejected.Reference.Value);
        Assert.Contains(lists.Deferred, i => i.Reference == disclosed.Reference.Value);
        await Assert.ThrowsAsync<DomainException>(() => app.Demands(TestUser.Reviewer1)
            .RecordCustomerNotificationAsync(disclosed.Reference.Value, disclosed.Version, Day(Disclosed.AddYears(3)), NotificationChannel.Post));
    }
}
