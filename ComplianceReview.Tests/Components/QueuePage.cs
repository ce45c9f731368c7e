using Bunit;
using Bunit.TestDoubles;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.App.Services;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

/// <summary>
/// The queue page rendered by bunit over a running test app's <see cref="DemandQueue"/> (so its database and its logs):
/// the search box, the rows shown, the buttons, and every address the page went to.
/// </summary>
public sealed class QueuePage : MudTestContext
{
    private IRenderedComponent<DemandsQueue>? _page;

    public QueuePage(ComplianceAppFactory app)
    {
        Services.AddSingleton(app.Services.GetRequiredService<DemandQueue>());
        Services.AddSingleton(app.Services.GetRequiredService<App.Services.Workload.ReviewerDirectory>());
        Services.AddSingleton<App.Identity.ICurrentUser>(TestUser.Reviewer1);
        AddAuthorization().SetAuthorized(TestUser.Reviewer1.User.Name);
    }

    private BunitNavigationManager Navigation => (BunitNavigationManager)Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<DemandsQueue> Page => _page ?? throw new InvalidOperationException("Open the page first.");

    /// <summary>The address now, e.g. <c>/demands?size=10</c>.</summary>
    public string Address => new Uri(Navigation.Uri).PathAndQuery;

    /// <summary>Every address the page was opened at or went to, the current one included.</summary>
    public IEnumerable<string> Addresses => Navigation.History.Select(h => h.Uri).Append(Navigation.Uri);

    public string? SearchBoxText => Page.Find("#queue-search").GetAttribute("value");

    public void Open(string address)
    {
        Navigation.NavigateTo(address);
        Render<MudPopoverProvider>();
        _page = Render<DemandsQueue>();
    }

    /// <summary>The references of the rows shown, in order.</summary>
    public List<string> References() =>
        Page.FindAll(".demand-table tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();

    /// <summary>Types into the search box and presses Enter.</summary>
    public void Search(string text)
    {
        Page.Find("#queue-search").Input(text);
        Page.Find("#queue-search").KeyDown(Key.Enter);
    }

    public void Click(string button) => Page.FindAll("button").Single(b => b.TextContent.Trim() == button).Click();

    public void WaitFor(Action assertion) => Page.WaitForAssertion(assertion);
}
