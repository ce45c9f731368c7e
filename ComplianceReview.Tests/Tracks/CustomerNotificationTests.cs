using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;

namespace ComplianceReview.Tests.Tracks;

/// <summary>The notification state is derived from the disclosure, the non-disclosure order and the day.</summary>
public sealed class CustomerNotificationTests
{
    private static readonly DateOnly Disclosed = DateOnly.FromDateTime(DemandBuilder.Now.UtcDateTime);
    // The moment of recording: after every date these tests record (a day after it would be refused, see below).
    private static readonly DateTimeOffset Later = DemandBuilder.Now.AddYears(1);
    private static readonly DateOnly OrderEnds = Disclosed.AddDays(40);

    private static LegalDemand Under(NonDisclosureKind kind) =>
        DemandBuilder.CourtOrder().WithNonDisclosure(kind, kind == NonDisclosureKind.UntilDate ? OrderEnds : null).Disclosed().Build();

    [Fact]
    public void NothingIsDueBeforeDisclosure()
    {
        Assert.Equal(NotificationStatus.NotDue, DemandBuilder.CourtOrder().Build().NotificationStatusOn(Disclosed));
        Assert.Equal(NotificationStatus.NotDue, DemandBuilder.CourtOrder().AwaitingSignOff().Build().NotificationStatusOn(Disclosed));
        Assert.Equal(NotificationStatus.NotDue, DemandBuilder.CourtOrder().Rejected().Build().NotificationStatusOn(Disclosed));
        Assert.Equal(NotificationStatus.NotDue, DemandBuilder.PreservationRequest().Released().Build().NotificationStatusOn(Disclosed));
    }

    [Fact]
    public void WithoutAnOrderTheNotificationIsDueFromTheDayOfDisclosure() =>
        Assert.Equal(NotificationStatus.Due, Under(NonDisclosureKind.None).NotificationStatusOn(Disclosed));

    [Theory]
    [InlineData(0, NotificationStatus.Deferred)]
    [InlineData(39, NotificationStatus.Deferred)]
    [InlineData(40, NotificationStatus.Deferred)] // the order's last day: still in force
    [InlineData(41, NotificationStatus.Due)]
    [InlineData(400, NotificationStatus.Due)]
    public void AnOrderWithAnEndDateDefersTheNotificationUntilItHasPassed(int daysAfterDisclosure, NotificationStatus expected) =>
        Assert.Equal(expected, Under(NonDisclosureKind.UntilDate).NotificationStatusOn(Disclosed.AddDays(daysAfterDisclosure)));

    [Fact]
    public void AnOrderWithoutAnEndDateDefersItIndefinitely() =>
        Assert.Equal(NotificationStatus.Deferred, Under(NonDisclosureKind.WithoutEndDate).NotificationStatusOn(Disclosed.AddYears(10)));

    [Fact]
    public void RecordingTheNotificationMakesItRecorded()
    {
        var demand = Under(NonDisclosureKind.UntilDate);
        var version = demand.Version;

        demand.RecordCustomerNotification(DemandBuilder.Reviewer, OrderEnds.AddDays(1), NotificationChannel.Post, Later);

        Assert.Equal(OrderEnds.AddDays(1), demand.CustomerNotifiedOn);
        Assert.Equal(NotificationChannel.Post, demand.CustomerNotificationChannel);
        Assert.Equal(DemandBuilder.Reviewer.Id, demand.CustomerNotificationRecordedById);
        Assert.Equal(version + 1, demand.Version);
        Assert.Equal(NotificationStatus.Recorded, demand.NotificationStatusOn(OrderEnds.AddDays(2)));
    }

    public static TheoryData<string, Func<LegalDemand>, int, NotificationChannel> Refusals => new()
    {
        { "before disclosure", () => DemandBuilder.CourtOrder().AwaitingSignOff().Build(), 0, NotificationChannel.Email },
        { "rejected", () => DemandBuilder.CourtOrder().Rejected().Build(), 0, NotificationChannel.Email },
        { "order in force", () => Under(NonDisclosureKind.UntilDate), 10, NotificationChannel.Email },
        { "order's last day", () => Under(NonDisclosureKind.UntilDate), 40, NotificationChannel.Email },
        { "order without end date", () => Under(NonDisclosureKind.WithoutEndDate), 1000, NotificationChannel.InProduct },
        { "dated before disclosure", () => Under(NonDisclosureKind.None), -1, NotificationChannel.Email },
        { "unknown channel", () => Under(NonDisclosureKind.None), 1, (NotificationChannel)42 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RecordingIsRefused(string why, Func<LegalDemand> arrange, int daysAfterDisclosure, NotificationChannel channel)
    {
        var demand = arrange();

        var thrown = Record.Exception(() => demand.RecordCustomerNotification(DemandBuilder.Reviewer, Disclosed.AddDays(daysAfterDisclosure), channel, Later));

        Assert.True(thrown is DomainException, why);
        Assert.Null(demand.CustomerNotifiedOn);
    }

    [Fact]
    public void TheNotificationIsRecordedOnce()
    {
        var demand = Under(NonDisclosureKind.None);
        demand.RecordCustomerNotification(DemandBuilder.Reviewer, Disclosed, NotificationChannel.Email, Later);

        Assert.Throws<DomainException>(() => demand.RecordCustomerNotification(DemandBuilder.Reviewer, Disclosed.AddDays(1), NotificationChannel.Post, Later));
        Assert.Equal(NotificationChannel.Email, demand.CustomerNotificationChannel);
    }

    [Fact]
    public void ANotificationDatedAfterTodayIsRefused()
    {
        var demand = Under(NonDisclosureKind.None);
        var today = DemandBuilder.Now.AddDays(3);

        var thrown = Assert.Throws<DomainException>(() => demand.RecordCustomerNotification(DemandBuilder.Reviewer, Disclosed.AddDays(4), NotificationChannel.Email, today));

        Assert.Equal("A customer notification cannot be recorded for a day that has not come yet.", thrown.Message);
        Assert.Null(demand.CustomerNotifiedOn);
        demand.RecordCustomerNotification(DemandBuilder.Reviewer, Disclosed.AddDays(3), NotificationChannel.Email, today);
        Assert.Equal(Disclosed.AddDays(3), demand.CustomerNotifiedOn);
    }
}
