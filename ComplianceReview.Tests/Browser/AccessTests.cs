using System.Text.RegularExpressions;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Demands;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceReview.Tests.Browser;

/// <summary>What each role can reach in the browser: by the menu, by typing an address, and on a demand's page.</summary>
public sealed partial class AccessTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task ReviewerHasNoLinkToTheAuditOrSignOffPages()
    {
        await using var reviewer = await browser.SignInAsync(DemoUsers.Reviewer1);
        var menu = reviewer.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });

        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "New demand" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Sign-off" })).ToHaveCountAsync(0);
    }

    [BrowserTheory]
    [InlineData("/audit", "Audit trail")]
    [InlineData("/signoff", "Awaiting sign-off")]
    public async Task ReviewerTypingAnotherRolesAddressIsShownAccessDenied(string path, string heading)
    {
        await using var reviewer = await browser.SignInAsync(DemoUsers.Reviewer1);

        await reviewer.Page.GotoAsync(path);

        // The page's policy is checked on the request, so the cookie handler's access-denied page answers.
        await Expect(reviewer.Page).ToHaveURLAsync(AccessDeniedUrl());
        await reviewer.WaitForInteractiveAsync("Access denied");
        await Expect(reviewer.Page.GetByText("Your role does not allow this page.")).ToBeVisibleAsync();
        await Expect(reviewer.Page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToHaveCountAsync(0);
        await reviewer.ScreenshotAsync("access-reviewer" + path.Replace('/', '-'));
    }

    [BrowserFact]
    public async Task ReviewerCannotDownloadTheAuditorsExports()
    {
        var reference = await SeededDemands.FirstWithStatusAsync(browser.App, DemandStatus.Disclosed);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var reviewer = await browser.SignInAsync(DemoUsers.Reviewer1);

        foreach (var path in new[] { $"/audit/export.csv?from={today}&to={today}", $"/audit/export.pdf?from={today}&to={today}", $"/demands/{reference}/record.pdf" })
        {
            var response = await reviewer.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });

            // The refusal itself (no file), not its status code: main's own AuditDownloadTests pin the 403.
            Assert.False(response.Ok, $"A reviewer asking for {path} got {response.Status}.");
            Assert.False(response.Headers.ContainsKey("content-disposition"), $"A reviewer asking for {path} was sent a file.");
        }
    }

    [BrowserFact]
    public async Task AuditorSeesADemandWithoutAnyActionButtons()
    {
        var reference = await SeededDemands.FirstWithStatusAsync(browser.App, DemandStatus.AwaitingSignOff);

        // The same page offers actions to a legal lead, so their absence below is the auditor's role, not the demand.
        await using (var legalLead = await browser.SignInAsync(DemoUsers.LegalLead1))
        {
            await legalLead.GotoAsync($"/demands/{reference}", $"Demand {reference}");
            await Expect(legalLead.Page.GetByRole(AriaRole.Button, new() { Name = "Open package for signature" })).ToBeVisibleAsync();
        }

        await using var auditor = await browser.SignInAsync(DemoUsers.Auditor1);
        await auditor.GotoAsync($"/demands/{reference}", $"Demand {reference}");
        var main = auditor.Page.GetByRole(AriaRole.Main);

        await Expect(main.GetByRole(AriaRole.Heading, new() { Name = "Pre-checks" })).ToBeVisibleAsync();
        await Expect(main.GetByRole(AriaRole.Heading, new() { Name = "Decision" })).ToHaveCountAsync(0);
        await Expect(main.GetByRole(AriaRole.Heading, new() { Name = "Sign-off" })).ToHaveCountAsync(0);
        await Expect(main.GetByRole(AriaRole.Button, new() { NameRegex = ActionNames() })).ToHaveCountAsync(0);
        await auditor.ScreenshotAsync("access-auditor-demand");
    }

    [GeneratedRegex(@"/access-denied\?returnUrl=")]
    private static partial Regex AccessDeniedUrl();

    [GeneratedRegex("start review|approve|reject|preserve|release|extend|sign|send back|open package|register", RegexOptions.IgnoreCase)]
    private static partial Regex ActionNames();
}
