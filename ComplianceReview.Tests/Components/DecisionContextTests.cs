using Bunit;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.App.Components.Pages.SignOff;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

/// <summary>The decision panel shows a legal lead's send-back note; the sign-off panel shows the reviewer's reason.</summary>
public sealed class DecisionContextTests : MudTestContext
{
    private const string Note = "Narrow the range to March: the affidavit covers nothing after that.";

    [Fact]
    public void TheSignOffPanelShowsTheReviewersDecisionAndReason()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();
        Render<MudPopoverProvider>();

        var cut = Render<SignOffPanel>(p => p.Add(s => s.Demand, demand).Add(s => s.User, DemandBuilder.LegalLead)
            .Add(s => s.OnSendBack, EventCallback.Factory.Create<string>(this, _ => Task.CompletedTask)));

        var context = cut.Find("#decision-context-reason").TextContent;
        Assert.Contains("Approved by Rene Reviewer", context, StringComparison.Ordinal);
        Assert.Contains(DemandBuilder.Reason, context, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#decision-context-sent-back"));
    }

    [Fact]
    public void TheDecisionPanelShowsTheSendBackNoteUntilTheNextDecision()
    {
        var demand = DemandBuilder.Subpoena().AwaitingSignOff().Build();
        demand.SendBack(DemandBuilder.LegalLead, Note, DemandBuilder.Now.AddHours(1));
        Render<MudPopoverProvider>();

        var cut = Render<DecisionPanel>(p => p.Add(d => d.Demand, demand)
            .Add(d => d.OnDecide, EventCallback.Factory.Create<DecisionRequest>(this, _ => Task.CompletedTask)));

        var sentBack = cut.Find("#decision-context-sent-back").TextContent;
        Assert.Contains("Sent back by Lee Lead", sentBack, StringComparison.Ordinal);
        Assert.Contains(Note, sentBack, StringComparison.Ordinal);

        demand.Reject(DemandBuilder.Reviewer, RejectionReason.Other, DemandBuilder.Reason, DemandBuilder.Now.AddHours(2));
        cut.Render(p => p.Add(d => d.Demand, demand));
        Assert.Empty(cut.FindAll("#decision-context-sent-back"));
        Assert.Contains("Rejected by Rene Reviewer", cut.Find("#decision-context-reason").TextContent, StringComparison.Ordinal);
    }
}
