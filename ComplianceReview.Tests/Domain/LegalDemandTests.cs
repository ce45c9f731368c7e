using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceReview.Tests.Domain;

public sealed class LegalDemandTests
{
    private static readonly DateTimeOffset Now = DemandBuilder.Now;
    private static readonly UserRef Reviewer = DemandBuilder.Reviewer;
    private static readonly UserRef LegalLead = DemandBuilder.LegalLead;

    // ---- Reasons -------------------------------------------------------------------------------------------------

    private static readonly Dictionary<string, (Func<DemandBuilder> Arrange, Action<LegalDemand, string?> Act)> ReasonedActions = new()
    {
        ["approve"] = (() => DemandBuilder.Subpoena().InReview(), (d, r) => d.Approve(Reviewer, r!, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(d))),
        ["approve partially"] = (() => DemandBuilder.Subpoena().InReview(),
            (d, r) => d.ApprovePartially(Reviewer, r!, [AccountIdentifier.Parse("alice@contoso.com")], [DataCategory.SubscriberIdentity], null, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(d))),
        ["reject"] = (() => DemandBuilder.Subpoena().InReview(), (d, r) => d.Reject(Reviewer, RejectionReason.NotSpecific, r!, Now)),
        ["preserve"] = (() => DemandBuilder.PreservationRequest().InReview(), (d, r) => d.Preserve(Reviewer, r!, Now)),
        ["extend preservation"] = (() => DemandBuilder.PreservationRequest().Preserved(), (d, r) => d.ExtendPreservation(Reviewer, r!, Now)),
        ["release"] = (() => DemandBuilder.PreservationRequest().Preserved(), (d, r) => d.Release(Reviewer, r!, Now)),
    };

    public static TheoryData<string, string?, bool> Reasons()
    {
        var data = new TheoryData<string, string?, bool>();
        foreach (var action in ReasonedActions.Keys)
        {
            data.Add(action, null, false);
            data.Add(action, "", false);
            data.Add(action, new string('x', ReviewDecision.MinReasonLength - 1), false);
            data.Add(action, "   " + new string('x', ReviewDecision.MinReasonLength - 1) + "   ", false);
            data.Add(action, new string('x', ReviewDecision.MinReasonLength), true);
            data.Add(action, new string('x', ReviewDecision.MaxReasonLength), true);
            data.Add(action, new string('x', ReviewDecision.MaxReasonLength + 1), false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EveryDecisionNeedsAReasonOfAtLeast20Characters(string action, string? reason, bool accepted)
    {
        var (arrange, act) = ReasonedActions[action];
        var demand = arrange().Build();
        var (status, version, decisions) = (demand.Status, demand.Version, demand.Decisions.Count);

        var thrown = Record.Exception(() => act(demand, reason));

        if (accepted)
        {
            Assert.Null(thrown);
            Assert.Equal(reason!.Trim(), demand.Decisions[^1].ReasonText);
            Assert.Equal(Reviewer, demand.Decisions[^1].DecidedBy);
        }
        else
        {
            Assert.IsType<DomainException>(thrown);
            Assert.Equal((status, version, decisions), (demand.Status, demand.Version, demand.Decisions.Count));
        }
    }

    // ---- Review --------------------------------------------------------------------------------------------------

    [Fact]
    public void RejectingClosesTheDemandWithOutcomeRejected()
    {
        var demand = DemandBuilder.Subpoena().InReview().Build();

        demand.Reject(Reviewer, RejectionReason.InsufficientLegalProcess, "  A subpoena cannot reach e-mail content.  ", Now);

        Assert.Equal(DemandStatus.Rejected, demand.Status);
        Assert.Equal(Outcome.Rejected, demand.Outcome);
        Assert.Equal(Now, demand.ClosedAt);
        var decision = Assert.Single(demand.Decisions);
        Assert.Equal(DecisionKind.Reject, decision.Kind);
        Assert.Equal(RejectionReason.InsufficientLegalProcess, decision.ReasonCode);
        Assert.Equal("A subpoena cannot reach e-mail content.", decision.ReasonText);
        Assert.Null(demand.ApprovedScope);
    }

    [Fact]
    public void RejectingWithAnUndefinedReasonCodeIsRefused()
    {
        var demand = DemandBuilder.Subpoena().InReview().Build();

        Assert.Throws<DomainException>(() => demand.Reject(Reviewer, (RejectionReason)99, DemandBuilder.Reason, Now));
        Assert.Equal(DemandStatus.InReview, demand.Status);
    }

    [Fact]
    public void ApprovingRecordsTheWholeRequestAsTheApprovedScope()
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", "+1 415 555 0100")
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.EmailContent).CoveringYear(2025).InReview().Build();

        demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand));

        Assert.Equal(DemandStatus.AwaitingSignOff, demand.Status);
        Assert.Null(demand.Outcome);
        Assert.True(demand.ApprovedScope!.IsSameAs(demand.RequestedScope));
        Assert.Equal(DecisionKind.Approve, demand.Decisions[^1].Kind);
    }

    [Fact]
    public void ApprovingPartiallyRecordsTheNarrowerScope()
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", "+14155550100")
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.EmailContent).CoveringYear(2025).InReview().Build();
        var march = new DateRange(new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 31, 0, 0, 0, TimeSpan.Zero));

        demand.ApprovePartially(Reviewer, DemandBuilder.Reason, [AccountIdentifier.Parse("+14155550100")], [DataCategory.EmailContent], march, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand));

        var scope = demand.ApprovedScope!;
        Assert.Equal(["+14155550100"], scope.Identifiers.Select(i => i.Value));
        Assert.Equal([DataCategory.EmailContent], scope.Categories);
        Assert.Equal(march, scope.DateRange);
        Assert.Equal([AccountIdentifier.Parse("+14155550100")], demand.Decisions[^1].ApprovedIdentifiers);
    }

    [Fact]
    public void ApprovingPartiallyWiderThanTheRequestIsRefused()
    {
        var demand = DemandBuilder.Subpoena().InReview().Build();

        Assert.Throws<DomainException>(() => demand.ApprovePartially(Reviewer, DemandBuilder.Reason,
            [AccountIdentifier.Parse("mallory@contoso.com")], [DataCategory.SubscriberIdentity], null, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand)));
        Assert.Equal(DemandStatus.InReview, demand.Status);
        Assert.Empty(demand.Decisions);
    }

    [Fact]
    public void ApprovingInFullIsRefusedWhenALineIsBroadButTheSpecificOnesCanBeApprovedPartially()
    {
        var demand = DemandBuilder.Subpoena().WithTargets("alice@contoso.com", "*@contoso.com").InReview().Build();

        Assert.Throws<DomainException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand)));
        demand.ApprovePartially(Reviewer, DemandBuilder.Reason, [AccountIdentifier.Parse("alice@contoso.com")], [DataCategory.SubscriberIdentity], null, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand));

        Assert.Equal(DemandStatus.AwaitingSignOff, demand.Status);
    }

    [Theory]
    [InlineData("+1 415 555 0100", "+14155550100")]
    [InlineData("Shared@Contoso.com", "shared@contoso.com")]
    [InlineData("acct-shared", "acct-shared")]
    public void AnIdentifierMatchingSeveralAccountsCannotBeApprovedButTheOthersCanBeApprovedPartially(string target, string value)
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", target).InReview().Build();
        IdentifierResolution Resolve(AccountIdentifier i) => i.Value == value ? IdentifierResolution.Ambiguous(2) : IdentifierResolution.Unique("acct-alice");
        var ambiguous = demand.RequestedScope.Identifiers.Single(i => i.Value == value);

        var inFull = Assert.Throws<AmbiguousIdentifierException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, Resolve, Now, DemandBuilder.NoSenderFindings(demand)));
        var partially = Assert.Throws<AmbiguousIdentifierException>(() => demand.ApprovePartially(Reviewer, DemandBuilder.Reason,
            [ambiguous], [DataCategory.SubscriberIdentity], null, Resolve, Now, DemandBuilder.NoSenderFindings(demand)));

        Assert.All([inFull, partially], e => Assert.Equal([(ambiguous, 2)], e.Ambiguous));
        Assert.Contains($"{value} matches 2 accounts", inFull.Message, StringComparison.Ordinal);
        Assert.Equal((DemandStatus.InReview, 1), (demand.Status, demand.Version));
        Assert.Empty(demand.Decisions);

        demand.ApprovePartially(Reviewer, DemandBuilder.Reason, [AccountIdentifier.Parse("alice@contoso.com")], [DataCategory.SubscriberIdentity], null, Resolve, Now, DemandBuilder.NoSenderFindings(demand));
        Assert.Equal(["alice@contoso.com"], demand.ApprovedScope!.Identifiers.Select(i => i.Value));
    }

    [Fact]
    public void AnApprovalAsksAboutEveryApprovedIdentifier()
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", "bob@contoso.com").InReview().Build();
        var asked = new List<string>();

        demand.Approve(Reviewer, DemandBuilder.Reason, i =>
        {
            asked.Add(i.Value);
            return IdentifierResolution.NotFound;
        }, Now, DemandBuilder.NoSenderFindings(demand));

        Assert.Equal(["alice@contoso.com", "bob@contoso.com"], asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ApprovingInFullIsRefusedWhenThePolicyDoesNotCoverTheRequest()
    {
        var demand = DemandBuilder.Subpoena().WithCategories(DataCategory.SubscriberIdentity, DataCategory.StoredFiles).CoveringYear(2025)
            .InReview().Build();

        var thrown = Assert.Throws<DomainException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand)));

        Assert.Contains("Stored files", thrown.Message, StringComparison.Ordinal);
        Assert.Equal((DemandStatus.InReview, 1), (demand.Status, demand.Version));
    }

    [Fact]
    public void AnExpiredOrderCannotBeApproved()
    {
        var demand = DemandBuilder.Subpoena().ExpiresOn(DateOnly.FromDateTime(Now.UtcDateTime)).InReview().Build();

        Assert.Throws<DomainException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now.AddDays(1), DemandBuilder.NoSenderFindings(demand)));
        Assert.Equal(DemandStatus.InReview, demand.Status);
    }

    [Fact]
    public void AnOrderDatedInTheFutureCannotBeApproved()
    {
        var tomorrow = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1);
        var demand = DemandBuilder.Subpoena().IssuedOn(tomorrow).ReceivedAt(Now.AddDays(1)).DueAt(Now.AddDays(5)).InReview().Build();

        Assert.Throws<DomainException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand)));
    }

    // ---- Sign-off ------------------------------------------------------------------------------------------------

    [Fact]
    public void SignOffByTheReviewerWhoDecidedIsRefusedEvenUnderAnotherName()
    {
        var demand = DemandBuilder.Subpoena().WithPackageCertifiedFor(Reviewer).AwaitingSignOff().Build();
        var sameOid = new UserRef(Reviewer.Id, "R. Reviewer (Legal)");

        var thrown = Assert.Throws<FourEyesViolation>(() => demand.SignOff(sameOid, DemandBuilder.PackageSha256, Now));

        Assert.Equal(FourEyes.Message, thrown.Message);
        AssertStillAwaitingSignOff(demand);
    }

    [Fact]
    public void SendBackByTheReviewerWhoDecidedIsRefused()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();

        Assert.Throws<FourEyesViolation>(() => demand.SendBack(new UserRef(Reviewer.Id, "Someone else"), "Please narrow the scope.", Now));
        AssertStillAwaitingSignOff(demand);
    }

    [Fact]
    public void EveryEarlierDeciderIsExcludedFromSigningNotOnlyTheLast()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();
        demand.SendBack(LegalLead, "Approve the identity only.", Now);
        demand.TakeOver(DemandBuilder.SecondReviewer, "The first reviewer has moved to another team.");
        demand.ApprovePartially(DemandBuilder.SecondReviewer, DemandBuilder.Reason, [AccountIdentifier.Parse("alice@contoso.com")],
            [DataCategory.SubscriberIdentity], null, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand));
        demand.AttachPackage(DemandBuilder.Package(Reviewer));

        Assert.Throws<FourEyesViolation>(() => demand.SignOff(Reviewer, DemandBuilder.PackageSha256, Now));
        Assert.Equal([Reviewer.Id, DemandBuilder.SecondReviewer.Id], demand.Deciders.Select(u => u.Id));
        Assert.NotNull(demand.FourEyesRefusal(Reviewer));
        Assert.Null(demand.FourEyesRefusal(LegalLead));
    }

    [Fact]
    public void SignOffWithAnotherPackageHashIsRefused()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();
        var stale = new string('a', 64);

        var thrown = Assert.Throws<DomainException>(() => demand.SignOff(LegalLead, stale, Now));

        Assert.Contains("hash differs", thrown.Message, StringComparison.Ordinal);
        AssertStillAwaitingSignOff(demand);
    }

    [Fact]
    public void SignOffOfAPackageCertifiedForAnotherLeadIsRefused()
    {
        var demand = DemandBuilder.Subpoena().WithPackageCertifiedFor(DemandBuilder.OtherLegalLead).AwaitingSignOff().Build();

        var thrown = Assert.Throws<DomainException>(() => demand.SignOff(LegalLead, DemandBuilder.PackageSha256, Now));

        Assert.Contains(DemandBuilder.OtherLegalLead.Name, thrown.Message, StringComparison.Ordinal);
        AssertStillAwaitingSignOff(demand);
    }

    [Fact]
    public void SignOffBeforeAPackageExistsIsRefused()
    {
        var demand = DemandBuilder.Subpoena().Approved().Build();

        Assert.Throws<DomainException>(() => demand.SignOff(LegalLead, DemandBuilder.PackageSha256, Now));
        Assert.Equal(DemandStatus.AwaitingSignOff, demand.Status);
        Assert.Empty(demand.SignOffs);
    }

    [Fact]
    public void TheHashMayBeGivenInUpperCase()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();

        demand.SignOff(LegalLead, DemandBuilder.PackageSha256.ToUpperInvariant(), Now);

        Assert.Equal(DemandStatus.Disclosed, demand.Status);
    }

    public static TheoryData<int, int, Outcome> Outcomes => new()
    {
        { 0, 0, Outcome.NoDataFound },
        { 1, 0, Outcome.NonContentOnly },
        { 12, 0, Outcome.NonContentOnly },
        { 12, 1, Outcome.ContentDisclosed },
        { 5, 5, Outcome.ContentDisclosed },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void SignOffDisclosesWithTheOutcomeThePackageShows(int records, int contentRecords, Outcome outcome)
    {
        var demand = DemandBuilder.CourtOrder().WithPackageCounts(records, contentRecords).AwaitingSignOff().Build();
        var signedAt = Now.AddHours(2);

        demand.SignOff(LegalLead, DemandBuilder.PackageSha256, signedAt);

        Assert.Equal(DemandStatus.Disclosed, demand.Status);
        Assert.Equal(outcome, demand.Outcome);
        Assert.Equal(signedAt, demand.ClosedAt);
        var signOff = Assert.Single(demand.SignOffs);
        Assert.Equal(SignOffKind.Approved, signOff.Kind);
        Assert.Equal(LegalLead, signOff.SignedBy);
        Assert.Equal(DemandBuilder.PackageSha256, signOff.PackageSha256);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void SendBackNeedsANote(string? note)
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();

        Assert.Throws<DomainException>(() => demand.SendBack(LegalLead, note!, Now));
        AssertStillAwaitingSignOff(demand);
    }

    [Fact]
    public void SendBackWithAnOverlongNoteIsRefused()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();

        Assert.Throws<DomainException>(() => demand.SendBack(LegalLead, new string('n', SignOff.MaxNoteLength + 1), Now));
        AssertStillAwaitingSignOff(demand);
    }

    [Fact]
    public void SendBackReturnsToReviewAndDropsThePackage()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();

        demand.SendBack(LegalLead, "  Narrow the range to March.  ", Now);

        Assert.Equal(DemandStatus.InReview, demand.Status);
        Assert.Null(demand.Package);
        Assert.Null(demand.ApprovedScope);
        Assert.Null(demand.Outcome);
        var signOff = Assert.Single(demand.SignOffs);
        Assert.Equal(SignOffKind.SentBack, signOff.Kind);
        Assert.Equal("Narrow the range to March.", signOff.Note);
        Assert.Equal(DemandBuilder.PackageSha256, signOff.PackageSha256);

        demand.TakeOver(DemandBuilder.SecondReviewer, "The first reviewer has moved to another team.");
        demand.Reject(DemandBuilder.SecondReviewer, RejectionReason.OverBroad, DemandBuilder.Reason, Now);
        Assert.Equal(Outcome.Rejected, demand.Outcome);
    }

    [Fact]
    public void AttachingAPackageReplacesThePreviousOne()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();
        var regenerated = DemandBuilder.Package(LegalLead, sha256: new string('b', 64));

        demand.AttachPackage(regenerated);

        Assert.Same(regenerated, demand.Package);
        Assert.Throws<DomainException>(() => demand.SignOff(LegalLead, DemandBuilder.PackageSha256, Now));
        demand.SignOff(LegalLead, regenerated.Sha256, Now);
        Assert.Equal(DemandStatus.Disclosed, demand.Status);
    }

    private static void AssertStillAwaitingSignOff(LegalDemand demand)
    {
        Assert.Equal(DemandStatus.AwaitingSignOff, demand.Status);
        Assert.Equal(3, demand.Version); // start review, approve, attach package
        Assert.Empty(demand.SignOffs);
        Assert.Null(demand.Outcome);
        Assert.NotNull(demand.Package);
    }

    // ---- Preservation --------------------------------------------------------------------------------------------

    [Fact]
    public void PreservingHoldsTheDataFor90Days()
    {
        var demand = DemandBuilder.PreservationRequest().InReview().Build();

        demand.Preserve(Reviewer, DemandBuilder.Reason, Now);

        Assert.Equal(DemandStatus.Preserved, demand.Status);
        Assert.Equal(Now.AddDays(90), demand.PreservedUntil);
        Assert.False(demand.PreservationExtended);
        Assert.False(demand.IsClosed);
        Assert.Null(demand.Outcome);
    }

    [Fact]
    public void APreservationCanBeExtendedOnceBy90Days()
    {
        var clock = new FakeTimeProvider(Now);
        var demand = DemandBuilder.PreservationRequest().Preserved().Build();

        clock.Advance(TimeSpan.FromDays(80));
        demand.ExtendPreservation(Reviewer, DemandBuilder.Reason, clock.GetUtcNow());
        var version = demand.Version;

        Assert.Equal(Now.AddDays(180), demand.PreservedUntil);
        Assert.True(demand.PreservationExtended);
        clock.Advance(TimeSpan.FromDays(1));
        var thrown = Assert.Throws<DomainException>(() => demand.ExtendPreservation(Reviewer, DemandBuilder.Reason, clock.GetUtcNow()));
        Assert.Contains("once", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(Now.AddDays(180), demand.PreservedUntil);
        Assert.Equal(version, demand.Version);
    }

    [Fact]
    public void AnExpiredPreservationCannotBeExtendedOnlyReleased()
    {
        var clock = new FakeTimeProvider(Now);
        var demand = DemandBuilder.PreservationRequest().Preserved().Build();

        clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1));

        Assert.Throws<DomainException>(() => demand.ExtendPreservation(Reviewer, DemandBuilder.Reason, clock.GetUtcNow()));
        Assert.False(demand.PreservationExtended);
        demand.Release(Reviewer, DemandBuilder.Reason, clock.GetUtcNow());
        Assert.Equal(DemandStatus.Released, demand.Status);
    }

    [Fact]
    public void ReleasingClosesThePreservationWithoutADisclosureOutcome()
    {
        var demand = DemandBuilder.PreservationRequest().Preserved().Build();

        demand.Release(Reviewer, DemandBuilder.Reason, Now.AddDays(10));

        Assert.Equal(DemandStatus.Released, demand.Status);
        Assert.True(demand.IsClosed);
        Assert.Equal(Now.AddDays(10), demand.ClosedAt);
        Assert.Null(demand.Outcome);
        Assert.Equal(DecisionKind.Release, demand.Decisions[^1].Kind);
    }

    [Fact]
    public void APreservationRequestCannotBeApproved()
    {
        var demand = DemandBuilder.PreservationRequest().WithCategories(DataCategory.SubscriberIdentity).InReview().Build();

        var thrown = Assert.Throws<DomainException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand)));

        Assert.Contains("never disclosed", thrown.Message, StringComparison.Ordinal);
    }
}
