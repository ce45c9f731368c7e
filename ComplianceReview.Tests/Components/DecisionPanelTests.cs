using Bunit;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

public sealed class DecisionPanelTests : MudTestContext
{
    private static readonly UserRef Reviewer = TestUser.Reviewer1.User;
    private readonly List<DecisionRequest> _requests = [];

    private static LegalDemand InReview(DemandRegistration registration)
    {
        var demand = LegalDemand.Register(DemandReference.Create(2026, 7), registration, Reviewer);
        demand.StartReview(Reviewer);
        return demand;
    }

    private IRenderedComponent<DecisionPanel> RenderPanel(LegalDemand demand, Func<DecisionRequest, Task>? onDecide = null)
    {
        Render<MudPopoverProvider>();
        return Render<DecisionPanel>(p => p
            .Add(d => d.Demand, demand)
            .Add(d => d.OnDecide, EventCallback.Factory.Create<DecisionRequest>(this, request =>
            {
                _requests.Add(request);
                return onDecide?.Invoke(request) ?? Task.CompletedTask;
            })));
    }

    private static bool IsDisabled(AngleSharp.Dom.IElement element) => element.HasAttribute("disabled");

    [Fact]
    public void AReasonShorterThan20CharactersBlocksTheDecision()
    {
        var cut = RenderPanel(InReview(Registrations.CourtOrder(MudTestContext.Now)));
        cut.Find("#decision-mode-Approve").Click();

        cut.Find("#decision-reason").Input(new string('x', 19));

        cut.WaitForAssertion(() => Assert.True(IsDisabled(cut.Find("#decision-submit"))));
        Assert.Contains("1 more needed", cut.Markup, StringComparison.Ordinal);
        cut.Find("#decision-submit").Click();
        Assert.Empty(_requests);

        cut.Find("#decision-reason").Input("   " + new string('x', 19) + "   ");
        cut.WaitForAssertion(() => Assert.True(IsDisabled(cut.Find("#decision-submit"))), TimeSpan.FromSeconds(2));

        cut.Find("#decision-reason").Input(new string('x', 20));
        cut.WaitForAssertion(() => Assert.False(IsDisabled(cut.Find("#decision-submit"))));
        cut.Find("#decision-submit").Click();
        cut.WaitForAssertion(() => Assert.Equal(DemandAction.Approve, Assert.Single(_requests).Action));
    }

    [Fact]
    public void PartialApprovalOffersOnlyRequestedIdentifiersAndCategoriesThePolicyAllows()
    {
        var demand = InReview(Registrations.Subpoena(MudTestContext.Now, "Alice@Contoso.com", "acct-10002", "*@contoso.com") with
        {
            Categories = [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory, DataCategory.EmailContent],
        });
        var cut = RenderPanel(demand);

        cut.Find("#decision-mode-ApprovePartially").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".decision-identifiers label")));
        var identifiers = cut.FindAll(".decision-identifiers label").Select(l => l.TextContent.Trim()).ToList();
        var categories = cut.FindAll(".decision-categories label").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(["acct-10002", "alice@contoso.com"], identifiers.Order());
        Assert.Equal(["Connection history", "Subscriber identity"], categories.Order());
        Assert.Contains("Not offered", cut.Find(".decision-categories .not-offered").TextContent, StringComparison.Ordinal);

        // Narrow it: one identifier, one category; the range stays the requested one, clamped to its exact ends.
        cut.FindAll(".decision-identifiers input[type=checkbox]")[identifiers.IndexOf("acct-10002")].Change(false);
        cut.FindAll(".decision-categories input[type=checkbox]")[categories.IndexOf("Connection history")].Change(false);
        cut.Find("#decision-reason").Input("Only the named e-mail account is covered by the subpoena.");
        cut.Find("#decision-submit").Click();

        cut.WaitForAssertion(() => Assert.Single(_requests));
        var request = _requests[0];
        Assert.Equal(DemandAction.ApprovePartially, request.Action);
        Assert.Equal(["alice@contoso.com"], request.Identifiers!.Select(i => i.Value));
        Assert.Equal([DataCategory.SubscriberIdentity], request.Categories);
        Assert.True(demand.CoveredRange!.Contains(request.Range!), $"{request.Range} lies within {demand.CoveredRange}");
        DisclosureScope.Approve(demand.RequestedScope, demand.ProcessType, request.Identifiers!, request.Categories!, request.Range); // the domain accepts it
    }

    [Fact]
    public void RejectionNeedsAReasonCode()
    {
        var cut = RenderPanel(InReview(Registrations.CourtOrder(MudTestContext.Now)));
        cut.Find("#decision-mode-Reject").Click();

        cut.Find("#decision-reason").Input("The order was issued by a court without jurisdiction.");

        cut.WaitForAssertion(() => Assert.True(IsDisabled(cut.Find("#decision-submit"))));
        Assert.Empty(_requests);
    }

    [Fact]
    public void EveryControlIsDisabledWhileTheDecisionIsInFlight()
    {
        var pending = new TaskCompletionSource();
        var cut = RenderPanel(InReview(Registrations.CourtOrder(MudTestContext.Now)), _ => pending.Task);
        cut.Find("#decision-mode-Approve").Click();
        cut.Find("#decision-reason").Input("The order is valid and names the accounts specifically.");

        cut.Find("#decision-submit").Click();

        cut.WaitForAssertion(() => Assert.All(cut.FindAll("button"), b => Assert.True(IsDisabled(b), $"{b.TextContent.Trim()} is enabled")));
        Assert.True(IsDisabled(cut.Find("#decision-reason")));
        Assert.Single(_requests);

        pending.SetResult();

        cut.WaitForAssertion(() => Assert.False(IsDisabled(cut.Find("#decision-submit"))));
        Assert.Single(_requests);
    }

    [Fact]
    public void AReceivedDemandOffersOnlyToStartTheReview()
    {
        var demand = LegalDemand.Register(DemandReference.Create(2026, 8), Registrations.CourtOrder(MudTestContext.Now), Reviewer);
        var cut = RenderPanel(demand);

        Assert.Empty(cut.FindAll("[id^=decision-mode-]"));
        cut.Find("#decision-start-review").Click();

        cut.WaitForAssertion(() => Assert.Equal(DemandAction.StartReview, Assert.Single(_requests).Action));
    }

    [Fact]
    public void APreservationRequestOffersPreserveAndRejectOnly()
    {
        var cut = RenderPanel(InReview(Registrations.Preservation(MudTestContext.Now)));

        var modes = cut.FindAll("[id^=decision-mode-]").Select(b => b.Id).ToList();

        Assert.Equal(["decision-mode-Reject", "decision-mode-Preserve"], modes);
    }
}
