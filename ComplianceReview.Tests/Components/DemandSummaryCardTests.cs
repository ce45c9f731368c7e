using Bunit;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;

namespace ComplianceReview.Tests.Components;

/// <summary>The order document's link on the demand page: plain for a plain file, behind a warning for one with active content.</summary>
public sealed class DemandSummaryCardTests : MudTestContext
{
    private const string Sha256 = "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7";

    [Fact]
    public void ADocumentWithActiveContentIsLinkedBesideAWarningAndTheLinkCarriesTheAcknowledgement()
    {
        var demand = DemandBuilder.CourtOrder()
            .WithOrderDocument(new OrderDocument("order.pdf", 1000, Sha256, DocumentActiveContent.JavaScript | DocumentActiveContent.LaunchAction)).Build();

        var cut = Render<DemandSummaryCard>(p => p.Add(c => c.Demand, demand));

        Assert.Contains("JavaScript, an action that launches a program or file", cut.Find("#order-document-warning").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/demands/{demand.Reference}/order.pdf?acknowledge=active-content", cut.Find("#order-document-link").GetAttribute("href"));
    }

    [Fact]
    public void APlainDocumentIsLinkedWithoutAWarning()
    {
        var demand = DemandBuilder.CourtOrder().WithOrderDocument(new OrderDocument("order.pdf", 1000, Sha256)).Build();

        var cut = Render<DemandSummaryCard>(p => p.Add(c => c.Demand, demand));

        Assert.Empty(cut.FindAll("#order-document-warning"));
        Assert.Equal($"/demands/{demand.Reference}/order.pdf", cut.Find("#order-document-link").GetAttribute("href"));
    }

    [Fact]
    public void TheStatusReadsAsWordsNotAsTheInternalName()
    {
        var cut = Render<DemandSummaryCard>(p => p.Add(c => c.Demand, DemandBuilder.CourtOrder().AwaitingSignOff().Build()));

        Assert.Contains("Awaiting sign-off", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("AwaitingSignOff", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ARejectedDemandSaysRejectedOnceAndADisclosedOneSaysWhatWasDisclosed()
    {
        var rejected = Render<DemandSummaryCard>(p => p.Add(c => c.Demand, DemandBuilder.CourtOrder().Rejected().Build()));
        var disclosed = Render<DemandSummaryCard>(p => p.Add(c => c.Demand, DemandBuilder.CourtOrder().WithPackageCounts(3, 0).Disclosed().Build()));

        Assert.DoesNotContain("Rejected (Rejected)", rejected.Markup, StringComparison.Ordinal);
        Assert.Contains("Rejected", rejected.Markup, StringComparison.Ordinal);
        Assert.Contains(" (Non-content only)", disclosed.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("NonContentOnly", disclosed.Markup, StringComparison.Ordinal);
    }
}
