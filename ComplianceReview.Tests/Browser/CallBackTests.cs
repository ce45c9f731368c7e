using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Agencies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceReview.Tests.Browser;

/// <summary>
/// The seeded forged emergency request (a look-alike of the Metropolitan Police's domain) in the browser: the sender
/// pre-check shows it, approval is refused until a call-back to a directory number confirms it, and a call-back that
/// does not confirm it keeps the refusal.
/// </summary>
public sealed class CallBackTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task ForgedEmergencyIsFlaggedAndApprovalWaitsForAConfirmingCallBack()
    {
        string reference;
        await using (var db = browser.App.CreateDbContext())
        {
            var forged = SenderAddress.Parse(DemoAgencyDirectory.ForgedSender);
            reference = (await db.Demands.AsNoTracking().SingleAsync(d => d.Sender == forged)).Reference.Value;
        }
        await using var reviewer = await browser.SignInAsync(DemoUsers.Reviewer1);
        var page = reviewer.Page;
        await reviewer.GotoAsync($"/demands/{reference}", $"Demand {reference}");

        await Expect(page.Locator("#sender-findings")).ToContainTextAsync("looks like met.police.uk");
        await Expect(page.Locator("#callback-required")).ToContainTextAsync("call the agency back");
        await reviewer.ScreenshotAsync("callback-1-forged");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();
        await Expect(page.Locator("#demand-done")).ToContainTextAsync("The review is started");

        await ApproveAsync(page);
        await Expect(page.Locator("#demand-error")).ToContainTextAsync("call the agency back on a number from the directory");

        await RecordCallBackAsync(page, "NotConfirmed", "The Communications Data Unit has no such request on file.");
        await Expect(page.Locator("#callback-required")).ToContainTextAsync("did not confirm");
        await Expect(page.Locator("#callback-list")).ToContainTextAsync("+442072301212");
        await ApproveAsync(page);
        await Expect(page.Locator("#demand-error")).ToContainTextAsync("did not confirm");

        await RecordCallBackAsync(page, "Confirmed", "Inspector Hughes confirmed the request and its case number.");
        await Expect(page.Locator("#callback-satisfied")).ToBeVisibleAsync();
        await reviewer.ScreenshotAsync("callback-2-confirmed");
        await ApproveAsync(page);
        await Expect(page.Locator("#demand-done")).ToContainTextAsync("Approved in full");
        Assert.Empty(reviewer.Errors);
    }

    private static async Task ApproveAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await page.Locator("#decision-reason").FillAsync("Imminent danger to life; the request names one account and identity only.");
        await page.Locator("#decision-submit").ClickAsync();
    }

    private static async Task RecordCallBackAsync(IPage page, string outcome, string note)
    {
        await page.Locator("#callback-contact").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#callback-outcome").SelectOptionAsync(outcome);
        await page.Locator("#callback-note").FillAsync(note);
        await page.Locator("#callback-note").BlurAsync();
        await page.Locator("#callback-record").ClickAsync();
        await Expect(page.Locator("#requester-done")).ToContainTextAsync("The call-back is recorded.");
    }
}
