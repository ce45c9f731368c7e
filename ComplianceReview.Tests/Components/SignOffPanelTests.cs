using Bunit;
using ComplianceReview.App.Components.Pages.SignOff;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

public sealed class SignOffPanelTests : MudTestContext
{
    private readonly List<string> _notes = [];

    /// <summary>A demand approved by <paramref name="decider"/>, awaiting sign-off.</summary>
    private static LegalDemand Approved(TestUser decider)
    {
        var demand = LegalDemand.Register(DemandReference.Create(2026, 9), Registrations.CourtOrder(MudTestContext.Now), decider.User);
        demand.StartReview(decider.User);
        demand.Approve(decider.User, "The order is valid and names the accounts specifically.", DemandBuilder.EveryIdentifierUnique, MudTestContext.Now, DemandBuilder.NoSenderFindings(demand));
        return demand;
    }

    private IRenderedComponent<SignOffPanel> RenderPanel(LegalDemand demand, TestUser user, Func<Task>? onSendBack = null)
    {
        Render<MudPopoverProvider>();
        return Render<SignOffPanel>(p => p
            .Add(s => s.Demand, demand)
            .Add(s => s.User, user.User)
            .Add(s => s.OnSendBack, EventCallback.Factory.Create<string>(this, note =>
            {
                _notes.Add(note);
                return onSendBack?.Invoke() ?? Task.CompletedTask;
            })));
    }

    [Fact]
    public void ALegalLeadWhoDecidedSeesWhyTheyCannotSign()
    {
        var cut = RenderPanel(Approved(TestUser.ReviewerAndLead), TestUser.ReviewerAndLead);

        Assert.Contains("four-eyes", cut.Find("#signoff-four-eyes").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#signoff-send-back"));
    }

    [Fact]
    public void AnotherLegalLeadCanSendBackWithANoteAndTheButtonWaitsForTheResult()
    {
        var pending = new TaskCompletionSource();
        var cut = RenderPanel(Approved(TestUser.Reviewer1), TestUser.LegalLead1, () => pending.Task);
        Assert.True(cut.Find("#signoff-send-back").HasAttribute("disabled"));

        cut.Find("#signoff-note").Input("The date range is wider than the order supports.");
        cut.WaitForAssertion(() => Assert.False(cut.Find("#signoff-send-back").HasAttribute("disabled")));
        cut.Find("#signoff-send-back").Click();

        cut.WaitForAssertion(() => Assert.True(cut.Find("#signoff-send-back").HasAttribute("disabled")));
        pending.SetResult();
        cut.WaitForAssertion(() => Assert.Equal(["The date range is wider than the order supports."], _notes));
    }

    [Fact]
    public void WithoutThePackageSlotSigningIsNotOffered()
    {
        var cut = RenderPanel(Approved(TestUser.Reviewer1), TestUser.LegalLead1);

        Assert.NotNull(cut.Find("#signoff-package-missing"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Sign off", StringComparison.Ordinal));
    }
}
