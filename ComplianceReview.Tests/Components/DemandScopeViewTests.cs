using Bunit;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;

namespace ComplianceReview.Tests.Components;

/// <summary>Each requested target shows what the customer directory said about it, from the demand's pre-checks.</summary>
public sealed class DemandScopeViewTests : MudTestContext
{
    [Fact]
    public void EachTargetShowsWhetherItNamesOneAccountNoneOrSeveral()
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", "ghost@contoso.com", "+14155550100", "*@contoso.com").Build();
        var findings = PreChecks.Evaluate(demand, i => i.Value switch
        {
            "ghost@contoso.com" => IdentifierResolution.NotFound,
            "+14155550100" => IdentifierResolution.Ambiguous(3),
            _ => IdentifierResolution.Unique("acct-alice"),
        }, DemandBuilder.Now);

        var cut = Render<DemandScopeView>(p => p.Add(v => v.Demand, demand).Add(v => v.Findings, findings));

        var status = cut.FindAll("tbody")[0].QuerySelectorAll("tr")
            .ToDictionary(row => row.QuerySelectorAll("td")[0].TextContent.Trim(), row => row.QuerySelectorAll("td")[2].TextContent.Trim());
        Assert.Equal("Found", status["alice@contoso.com"]);
        Assert.Equal("Not found", status["ghost@contoso.com"]);
        Assert.Equal("Matches several accounts: not disclosable", status["+14155550100"]);
        Assert.StartsWith("Refused", status["*@contoso.com"], StringComparison.Ordinal);
    }

    [Fact]
    public void EachFoundTargetShowsTheAccountItResolvesToSoTwoNamesOfOneAccountShowTheSameId()
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", "acct-10001", "ghost@contoso.com").Build();
        var accounts = new Dictionary<string, string> { ["alice@contoso.com"] = "acct-10001", ["acct-10001"] = "acct-10001" };

        var cut = Render<DemandScopeView>(p => p.Add(v => v.Demand, demand).Add(v => v.Findings, []).Add(v => v.Accounts, accounts));

        var account = cut.FindAll("tbody")[0].QuerySelectorAll("tr")
            .ToDictionary(row => row.QuerySelectorAll("td")[0].TextContent.Trim(), row => row.QuerySelector("td.resolved-account")!.TextContent.Trim());
        Assert.Equal("acct-10001", account["alice@contoso.com"]);
        Assert.Equal("acct-10001", account["acct-10001"]);
        Assert.Equal("—", account["ghost@contoso.com"]);
    }
}
