using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

/// <summary>Who works on a demand: assignment, hand-over, and the take-over a reviewer needs before deciding on someone else's demand.</summary>
public sealed class AssignmentTests
{
    private static readonly DateTimeOffset Now = DemandBuilder.Now;
    private static readonly UserRef Reviewer = DemandBuilder.Reviewer;
    private static readonly UserRef Second = DemandBuilder.SecondReviewer;
    private const string Reason = DemandBuilder.Reason;

    /// <summary>Each reviewer decision, on a demand in the state it needs (in review or preserved, started by <see cref="Reviewer"/>).</summary>
    public static TheoryData<string> Decisions() => new(DecisionActs.Keys);

    private static readonly Dictionary<string, (Func<DemandBuilder> Arrange, Action<LegalDemand, UserRef> Act)> DecisionActs = new()
    {
        ["approve"] = (() => DemandBuilder.Subpoena().InReview(), (d, u) => d.Approve(u, Reason, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(d))),
        ["approve partially"] = (() => DemandBuilder.Subpoena().InReview(), (d, u) => d.ApprovePartially(u, Reason,
            [AccountIdentifier.Parse("alice@contoso.com")], [DataCategory.SubscriberIdentity], null, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(d))),
        ["reject"] = (() => DemandBuilder.Subpoena().InReview(), (d, u) => d.Reject(u, RejectionReason.NotSpecific, Reason, Now)),
        ["preserve"] = (() => DemandBuilder.PreservationRequest().InReview(), (d, u) => d.Preserve(u, Reason, Now)),
        ["extend preservation"] = (() => DemandBuilder.PreservationRequest().Preserved(), (d, u) => d.ExtendPreservation(u, Reason, Now)),
        ["release"] = (() => DemandBuilder.PreservationRequest().Preserved(), (d, u) => d.Release(u, Reason, Now)),
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void DecidingOnADemandAssignedToSomeoneElseIsRefusedAndChangesNothing(string decision)
    {
        var (arrange, act) = DecisionActs[decision];
        var demand = arrange().Build();
        Assert.True(demand.IsAssignedTo(Reviewer));
        var (status, version, decisions) = (demand.Status, demand.Version, demand.Decisions.Count);

        var refused = Assert.Throws<NotAssignedException>(() => act(demand, Second));

        Assert.Contains("Take it over first", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Reviewer.Name, refused.Message, StringComparison.Ordinal);
        Assert.Equal((status, version, decisions), (demand.Status, demand.Version, demand.Decisions.Count));
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void AfterTakingItOverTheOtherReviewerDecides(string decision)
    {
        var (arrange, act) = DecisionActs[decision];
        var demand = arrange().Build();

        demand.TakeOver(Second, "Rene is on leave until next month.");
        act(demand, Second);

        Assert.True(demand.IsAssignedTo(Second));
        Assert.Equal(Second, demand.Decisions[^1].DecidedBy);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ATakeOverNeedsAReason(string? reason)
    {
        var demand = DemandBuilder.Subpoena().InReview().Build();

        Assert.Throws<DomainException>(() => demand.TakeOver(Second, reason!));

        Assert.True(demand.IsAssignedTo(Reviewer));
    }

    [Fact]
    public void TakingOverYourOwnOrAnUnassignedOrAClosedDemandIsRefused()
    {
        Assert.Throws<DomainException>(() => DemandBuilder.Subpoena().InReview().Build().TakeOver(Reviewer, "mine already"));
        Assert.Throws<DomainException>(() => DemandBuilder.Subpoena().Build().TakeOver(Second, "nobody has it"));
        Assert.Throws<DomainException>(() => DemandBuilder.Subpoena().Rejected().Build().TakeOver(Second, "closed"));
    }

    [Fact]
    public void AFirstAssignmentNeedsNoNoteAndTheReviewThenStaysWithTheAssignee()
    {
        var demand = DemandBuilder.Subpoena().Build();
        var version = demand.Version;

        demand.Assign(Second, Reviewer, null);
        demand.StartReview(Reviewer);

        Assert.True(demand.IsAssignedTo(Second));
        Assert.Equal(version + 2, demand.Version);
        Assert.Throws<NotAssignedException>(() => demand.Reject(Reviewer, RejectionReason.Other, Reason, Now));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("  ", false)]
    [InlineData("Handing over: the agency's call-back is still outstanding.", true)]
    public void HandingOverOrReassigningNeedsANote(string? note, bool accepted)
    {
        var demand = DemandBuilder.Subpoena().InReview().Build();

        var thrown = Record.Exception(() => demand.Assign(Second, Reviewer, note));

        Assert.Equal(accepted, thrown is null);
        Assert.Equal(accepted ? Second : Reviewer, new UserRef(demand.AssignedReviewerId!, demand.AssignedReviewerName!));
    }

    [Fact]
    public void ANoteHasALimit() =>
        Assert.Throws<DomainException>(() => DemandBuilder.Subpoena().InReview().Build().Assign(Second, Reviewer, new string('x', Assignment.MaxNoteLength + 1)));

    [Fact]
    public void AClosedDemandOrItsOwnAssigneeCannotBeAssigned()
    {
        Assert.Throws<DomainException>(() => DemandBuilder.Subpoena().Rejected().Build().Assign(Second, Reviewer, "closed"));
        Assert.Throws<DomainException>(() => DemandBuilder.Subpoena().InReview().Build().Assign(Reviewer, Second, "already theirs"));
    }
}
