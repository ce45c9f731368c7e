using ComplianceReview.App.Identity;

namespace ComplianceReview.Tests.Browser;

public sealed class SmokeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task ReviewerSeesDashboard()
    {
        await using var reviewer = await browser.SignInAsync(DemoUsers.Reviewer1);
        await reviewer.ScreenshotAsync("spike-dashboard");
    }
}
