using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

/// <summary>A partial approval must narrow something; what was decided is said in words; a future covered range is a finding.</summary>
public sealed class ApprovalNarrowingTests
{
    private static LegalDemand InReview() => DemandBuilder.CourtOrder()
        .WithTargets("alice@contoso.com", "acct-10002")
        .WithCategories(DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory)
        .CoveringYear(2025).InReview().Build();

    private static void ApprovePartially(LegalDemand demand, IEnumerable<AccountIdentifier> identifiers, IEnumerable<DataCategory> categories, DateRange? range) =>
        demand.ApprovePartially(DemandBuilder.Reviewer, DemandBuilder.Reason, identifiers, categories, range, DemandBuilder.EveryIdentifierUnique, DemandBuilder.Now,
            DemandBuilder.NoSenderFindings(demand));

    [Fact]
    public void APartialApprovalOfEverythingRequestedIsRecordedAsAnApprovalAndSaysSo()
    {
        var demand = InReview();
        var requested = demand.RequestedScope;

        ApprovePartially(demand, requested.Identifiers, requested.Categories, requested.DateRange);

        Assert.Equal(DecisionKind.Approve, demand.Decisions[^1].Kind);
        var message = demand.DescribeApproval(DemandAction.ApprovePartially);
        Assert.StartsWith("Approved in full: the partial approval kept every identifier", message, StringComparison.Ordinal);
        Assert.Contains("narrowed nothing", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("identifier")]
    [InlineData("category")]
    [InlineData("range")]
    public void APartialApprovalThatNarrowsAnythingStaysPartialAndSaysWhatWasApproved(string narrowed)
    {
        var demand = InReview();
        var requested = demand.RequestedScope;
        var range = requested.DateRange!;

        ApprovePartially(demand,
            narrowed == "identifier" ? requested.Identifiers.Take(1) : requested.Identifiers,
            narrowed == "category" ? [DataCategory.SubscriberIdentity] : requested.Categories,
            narrowed == "range" ? new DateRange(range.From, range.From.AddDays(30)) : range);

        Assert.Equal(DecisionKind.ApprovePartially, demand.Decisions[^1].Kind);
        var message = demand.DescribeApproval(DemandAction.ApprovePartially);
        Assert.StartsWith("Approved partially: ", message, StringComparison.Ordinal);
        Assert.Contains(demand.ApprovedScope!.Describe(), message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnApprovalInFullSaysSoWithItsScope()
    {
        var demand = InReview();

        demand.Approve(DemandBuilder.Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, DemandBuilder.Now, DemandBuilder.NoSenderFindings(demand));

        Assert.Equal($"Approved in full: {demand.ApprovedScope!.Describe()}. The demand now awaits a legal lead's sign-off.",
            demand.DescribeApproval(DemandAction.Approve));
    }

    [Fact]
    public void ACoveredRangeEntirelyInTheFutureIsABlockingFinding()
    {
        var now = DemandBuilder.Now;
        var demand = DemandBuilder.CourtOrder().Covering(now.AddDays(1), now.AddDays(60)).Build();

        var finding = Assert.Single(CoveredRangeChecks.Evaluate(demand, now));

        Assert.Equal(FindingCode.CoveredRangeInFuture, finding.Code);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
    }

    [Fact]
    public void ACoveredRangeEndingInTheFutureIsAWarningAndAPastOneNoFinding()
    {
        var now = DemandBuilder.Now;

        var ending = Assert.Single(CoveredRangeChecks.Evaluate(DemandBuilder.CourtOrder().Covering(now.AddDays(-30), now.AddDays(30)).Build(), now));

        Assert.Equal(FindingCode.CoveredRangeEndsInFuture, ending.Code);
        Assert.Equal(FindingSeverity.Warning, ending.Severity);
        Assert.Empty(CoveredRangeChecks.Evaluate(DemandBuilder.CourtOrder().Covering(now.AddDays(-30), now.AddDays(-1)).Build(), now));
    }
}
