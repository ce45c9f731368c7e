using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;

namespace ComplianceReview.Tests.Tracks;

public sealed class FollowUpProcessTests
{
    private static readonly DateOnly DisclosedOn = DateOnly.FromDateTime(DemandBuilder.Now.UtcDateTime);
    // The moment of recording: after every date these tests record (a day after it would be refused, see below).
    private static readonly DateTimeOffset Later = DemandBuilder.Now.AddYears(1);
    private const string Description = "Search warrant, Westminster Magistrates' Court, case MPS/2026/0042-W";

    [Fact]
    public void RecordingTheFollowUpOfADisclosedEmergencyKeepsItAndBumpsTheVersion()
    {
        var demand = DemandBuilder.EmergencyRequest().Disclosed().Build();
        var version = demand.Version;

        demand.RecordFollowUpProcess(DemandBuilder.Reviewer, "  " + Description + " ", DisclosedOn.AddDays(10), Later);

        Assert.Equal(Description, demand.FollowUpProcessDescription);
        Assert.Equal(DisclosedOn.AddDays(10), demand.FollowUpProcessDate);
        Assert.Equal(DemandBuilder.Reviewer.Id, demand.FollowUpRecordedById);
        Assert.Equal(version + 1, demand.Version);
    }

    [Theory]
    [InlineData(30, "2026-04-01")]
    [InlineData(7, "2026-03-09")]
    public void TheFollowUpIsDueTheConfiguredDaysAfterTheDisclosure(int days, string due) =>
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            DemandBuilder.EmergencyRequest().Disclosed().Build().FollowUpDueOn(days));

    [Fact]
    public void NoFollowUpIsDueForOtherDemands()
    {
        Assert.Null(DemandBuilder.CourtOrder().Disclosed().Build().FollowUpDueOn(30));
        Assert.Null(DemandBuilder.EmergencyRequest().AwaitingSignOff().Build().FollowUpDueOn(30));
        Assert.Null(DemandBuilder.EmergencyRequest().Rejected().Build().FollowUpDueOn(30));
    }

    public static TheoryData<string, Func<LegalDemand>, string, int> Refusals => new()
    {
        { "not an emergency", () => DemandBuilder.CourtOrder().Disclosed().Build(), Description, 1 },
        { "not disclosed yet", () => DemandBuilder.EmergencyRequest().AwaitingSignOff().Build(), Description, 1 },
        { "rejected", () => DemandBuilder.EmergencyRequest().Rejected().Build(), Description, 1 },
        { "no description", () => DemandBuilder.EmergencyRequest().Disclosed().Build(), "   ", 1 },
        { "description too long", () => DemandBuilder.EmergencyRequest().Disclosed().Build(), new string('x', FollowUpProcess.MaxDescriptionLength + 1), 1 },
        { "dated before the request", () => DemandBuilder.EmergencyRequest().Disclosed().Build(), Description, -30 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RecordingIsRefused(string why, Func<LegalDemand> arrange, string description, int daysAfterDisclosure)
    {
        var demand = arrange();
        var version = demand.Version;

        var thrown = Record.Exception(() => demand.RecordFollowUpProcess(DemandBuilder.Reviewer, description, DisclosedOn.AddDays(daysAfterDisclosure), Later));

        Assert.True(thrown is DomainException, why);
        Assert.Null(demand.FollowUpProcessDate);
        Assert.Equal(version, demand.Version);
    }

    [Fact]
    public void TheFollowUpIsRecordedOnce()
    {
        var demand = DemandBuilder.EmergencyRequest().Disclosed().Build();
        demand.RecordFollowUpProcess(DemandBuilder.Reviewer, Description, DisclosedOn, Later);

        Assert.Throws<DomainException>(() => demand.RecordFollowUpProcess(DemandBuilder.SecondReviewer, "Another one entirely", DisclosedOn.AddDays(1), Later));
        Assert.Equal(Description, demand.FollowUpProcessDescription);
    }

    [Fact]
    public void AFollowUpDatedAfterTodayIsRefused()
    {
        var demand = DemandBuilder.EmergencyRequest().Disclosed().Build();
        var today = DemandBuilder.Now.AddDays(5);

        var thrown = Assert.Throws<DomainException>(() => demand.RecordFollowUpProcess(DemandBuilder.Reviewer, Description, DisclosedOn.AddDays(6), today));

        Assert.Equal("A follow-up legal process cannot be recorded for a day that has not come yet.", thrown.Message);
        Assert.Null(demand.FollowUpProcessDate);
        demand.RecordFollowUpProcess(DemandBuilder.Reviewer, Description, DisclosedOn.AddDays(5), today);
        Assert.Equal(DisclosedOn.AddDays(5), demand.FollowUpProcessDate);
    }
}
