using Bunit;
using ComplianceReview.App.Components.Pages.SignOff;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

public sealed class PackageReviewTests : MudTestContext
{
    private static readonly string Sha = new('a', 64);
    private readonly List<string> _signed = [];
    private int _opened;

    private static LegalDemand Approved(TestUser? certifiedFor)
    {
        var demand = LegalDemand.Register(DemandReference.Create(2026, 11), Registrations.CourtOrder(MudTestContext.Now), TestUser.Reviewer1.User);
        demand.StartReview(TestUser.Reviewer1.User);
        demand.Approve(TestUser.Reviewer1.User, "The order is valid and names the accounts specifically.", DemandBuilder.EveryIdentifierUnique, MudTestContext.Now, DemandBuilder.NoSenderFindings(demand));
        if (certifiedFor is not null)
            demand.AttachPackage(new DisclosurePackageInfo(Sha, 7, "CR-000001", "CR-000007", new string('b', 64), 12, 3, MudTestContext.Now,
                certifiedFor.User.Id, certifiedFor.User.Name));
        return demand;
    }

    private IRenderedComponent<PackageReview> RenderReview(LegalDemand demand, TestUser user, double? progress = null)
    {
        Render<MudPopoverProvider>();
        return Render<PackageReview>(p => p
            .Add(c => c.Demand, demand)
            .Add(c => c.User, user.User)
            .Add(c => c.Progress, progress)
            .Add(c => c.OnOpen, EventCallback.Factory.Create(this, () => _opened++))
            .Add(c => c.OnSign, EventCallback.Factory.Create<string>(this, sha => _signed.Add(sha))));
    }

    [Fact]
    public void WithoutAPackageInTheirNameTheLeadMustOpenItFirst()
    {
        var cut = RenderReview(Approved(certifiedFor: TestUser.LegalLead2), TestUser.LegalLead1);

        Assert.Empty(cut.FindAll("#signoff-sign"));
        cut.Find("#package-open").Click();
        Assert.Equal(1, _opened);
    }

    [Fact]
    public void WhileRenderingProgressIsShownInsteadOfActions()
    {
        var cut = RenderReview(Approved(certifiedFor: null), TestUser.LegalLead1, progress: 0.4);

        Assert.Empty(cut.FindAll("#package-open"));
        Assert.Contains("Rendering the package", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSignButtonSignsTheShownHashOnlyAfterTheLeadConfirmsTheReview()
    {
        var cut = RenderReview(Approved(certifiedFor: TestUser.LegalLead1), TestUser.LegalLead1);

        Assert.Equal(Sha, cut.Find("#package-sha256").TextContent);
        Assert.Equal("/demands/LD-2026-000011/package.pdf", cut.Find("#package-download").GetAttribute("href"));
        Assert.True(cut.Find("#signoff-sign").HasAttribute("disabled"));

        cut.Find("input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("#signoff-sign").HasAttribute("disabled")));
        cut.Find("#signoff-sign").Click();

        Assert.Equal([Sha], _signed);
    }
}
