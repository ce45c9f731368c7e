using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ComplianceReview.App.CustomerData;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceReview.Tests.Browser;

/// <summary>
/// One demand through the whole job, in the browser, by the people who do it: intake with the order PDF, pre-checks, review,
/// a partial approval, a stale second reviewer, the four-eyes refusal, a different legal lead's sign-off, the package read
/// back, and the auditor's verification and case record.
/// </summary>
public sealed partial class FullJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string UnknownAccount = "nobody.known@northwind.example";

    [BrowserFact]
    public async Task DemandGoesFromIntakeThroughPartialApprovalAndSignOffToAVerifiedAuditTrail()
    {
        var caseNumber = "E2E-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var (approved, withheld) = await TwoSeededCustomersAsync();

        // A reviewer (who also holds the legal-lead role) registers the demand with its order and sees the pre-checks.
        await using var reviewer = await browser.SignInAsync(BrowserAppFactory.ReviewerAndLegalLead.Id);
        var reference = await RegisterAsync(reviewer, caseNumber, [approved.Email, withheld.Email, UnknownAccount]);
        var page = reviewer.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pre-checks" })).ToBeVisibleAsync();
        await Expect(page.GetByText($"{UnknownAccount} is not in the customer directory")).ToBeVisibleAsync();
        await reviewer.ScreenshotAsync("journey-1-registered");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();
        await Expect(page.Locator("#demand-done")).ToContainTextAsync("The review is started");

        // A second reviewer opens the demand now; his page goes stale when the first one decides.
        await using var secondReviewer = await browser.SignInAsync(DemoUsers.Reviewer2);
        await secondReviewer.GotoAsync($"/demands/{reference}", $"Demand {reference}");
        await Expect(secondReviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true })).ToBeEnabledAsync();

        // Partial approval: one account of three, one category of three.
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve partially" }).ClickAsync();
        await SetCheckedAsync(page, withheld.Email, false);
        await SetCheckedAsync(page, UnknownAccount, false);
        await SetCheckedAsync(page, "Subscriber location", false);
        await SetCheckedAsync(page, "Billing information", false);
        await page.Locator("#decision-reason").FillAsync("The order names three accounts; only the first is tied to the offence in the affidavit, and identity suffices.");
        await reviewer.ScreenshotAsync("journey-2-partial-approval");
        await page.Locator("#decision-submit").ClickAsync();
        await Expect(page.Locator("#demand-done")).ToContainTextAsync("Approved partially: 1 identifier(s)");
        await Expect(page.Locator("#demand-done")).ToContainTextAsync("The demand now awaits a legal lead's sign-off.");

        // The person who decided holds the legal-lead role too, and is refused the sign-off.
        await Expect(page.Locator("#signoff-four-eyes")).ToContainTextAsync(FourEyes.Message);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open package for signature" })).ToHaveCountAsync(0);

        // The stale page acts and gets the conflict, then shows the demand as it is now.
        var stale = secondReviewer.Page;
        await stale.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await stale.Locator("#decision-reason").FillAsync("Approving the whole order as requested, all accounts and categories.");
        await stale.Locator("#decision-submit").ClickAsync();
        await Expect(stale.Locator("#demand-conflict")).ToContainTextAsync($"{reference} was changed by someone else while you had it open");
        await Expect(stale.GetByText("No decision is open on this demand")).ToBeVisibleAsync();
        // A reviewer only has no sign-off panel at all.
        await Expect(stale.GetByRole(AriaRole.Heading, new() { Name = "Sign-off" })).ToHaveCountAsync(0);
        await secondReviewer.ScreenshotAsync("journey-3-stale-conflict");

        // A different legal lead opens the package (rendered in her name), reviews it and signs that hash.
        await using var legalLead = await browser.SignInAsync(DemoUsers.LegalLead1);
        await legalLead.GotoAsync($"/demands/{reference}", $"Demand {reference}");
        var leadPage = legalLead.Page;
        await leadPage.GetByRole(AriaRole.Button, new() { Name = "Open package for signature" }).ClickAsync();
        var shownHash = (await leadPage.Locator("#package-sha256").InnerTextAsync()).Trim();
        await SetCheckedAsync(leadPage, "I have reviewed this exact package", true);
        await legalLead.ScreenshotAsync("journey-4-package-opened");
        await leadPage.GetByRole(AriaRole.Button, new() { Name = "Sign off package" }).ClickAsync();
        await Expect(leadPage.Locator("#demand-done")).ToContainTextAsync("Signed off.");

        // The package, downloaded with her cookies: the signed bytes, and only the approved scope inside.
        var package = await DownloadAsync(legalLead, $"/demands/{reference}/package.pdf", "application/pdf");
        Assert.Equal(shownHash, Convert.ToHexString(SHA256.HashData(package)), StringComparer.OrdinalIgnoreCase);
        var pdf = PdfReadBack.Read(package);
        var text = pdf.NormalisedText;
        Assert.Contains(PdfReadBack.Normalise(reference), text, StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Normalise(approved.Email), text, StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Normalise(approved.Name), text, StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Normalise("Lee Legal"), text, StringComparison.Ordinal);
        string[] heldOut =
        [
            withheld.Email, withheld.AccountId, withheld.Name, UnknownAccount,       // identifiers not approved
            "Subscriber location", "Billing information",                           // categories not approved
            approved.ZipCode, approved.BillingAddress, approved.PaymentInstrument,  // their values for the approved account
        ];
        foreach (var value in heldOut)
        {
            Assert.DoesNotContain(PdfReadBack.Normalise(value), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(value, pdf.RawWithoutStreams, StringComparison.OrdinalIgnoreCase);
        }

        // The auditor verifies the chain and exports the case record.
        await using var auditor = await browser.SignInAsync(DemoUsers.Auditor1);
        await auditor.GotoAsync("/audit", "Audit trail");
        await auditor.Page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(auditor.Page.GetByText("The chain is intact")).ToBeVisibleAsync();
        await auditor.ScreenshotAsync("journey-5-audit-verified");
        await DownloadCaseRecordAsync(auditor, reference);

        var errors = reviewer.Errors.Concat(secondReviewer.Errors).Concat(legalLead.Errors).Concat(auditor.Errors).ToList();
        Assert.True(errors.Count == 0, "Browser console errors:\n" + string.Join("\n", errors));
    }

    private async Task<(Customer Approved, Customer Withheld)> TwoSeededCustomersAsync()
    {
        await using var db = browser.App.CreateDbContext();
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.AccountId).Take(2).ToListAsync();
        return (customers[0], customers[1]);
    }

    /// <summary>Fills the intake form as a person would (typed dates, a chosen process type, ticked categories, the order PDF).</summary>
    private static async Task<string> RegisterAsync(BrowserUser user, string caseNumber, IReadOnlyList<string> targets)
    {
        var page = user.Page;
        await user.GotoAsync("/demands/new", "Register a demand");
        var today = DateTime.UtcNow.Date;

        await page.Locator("#intake-directory-agency").SelectOptionAsync(new SelectOptionValue { Label = "Federal Bureau of Investigation (US)" });
        await FillAsync(page, "#intake-agency", "Federal Bureau of Investigation");
        await FillAsync(page, "#intake-country", "US");
        await page.Locator("#intake-process-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Court order", Exact = true }).ClickAsync();
        await FillAsync(page, "#intake-authority", "U.S. District Court for the Northern District of California");
        await FillAsync(page, "#intake-case-number", caseNumber);
        await FillAsync(page, "#intake-issued-on", Day(today.AddDays(-3)));
        await FillAsync(page, "#intake-due-on", Day(today.AddDays(14)));
        await FillAsync(page, "#intake-targets", string.Join("\n", targets));
        foreach (var category in new[] { "Subscriber identity", "Subscriber location", "Billing information" })
            await SetCheckedAsync(page, category, true);

        // Last, so the InputFile has long been initialised by the circuit.
        await page.Locator("#intake-document").SetInputFilesAsync(new FilePayload
        {
            Name = "order.pdf",
            MimeType = "application/pdf",
            Buffer = OrderPdf.Create(caseNumber),
        });
        await Expect(page.Locator("#intake-document-status")).ToContainTextAsync("order.pdf");

        await page.GetByRole(AriaRole.Button, new() { Name = "Register demand" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DemandUrl());
        var reference = DemandUrl().Match(page.Url).Groups["reference"].Value;
        await user.WaitForInteractiveAsync($"Demand {reference}");
        return reference;
    }

    /// <summary>MudBlazor text fields and date pickers take their value on change, so each fill ends by leaving the field.</summary>
    private static async Task FillAsync(IPage page, string selector, string value)
    {
        var field = page.Locator(selector);
        await field.FillAsync(value);
        await field.BlurAsync();
    }

    /// <summary>Ticks or clears a MudBlazor checkbox by its label, and waits until the circuit has re-rendered it.</summary>
    private static async Task SetCheckedAsync(IPage page, string label, bool value)
    {
        var box = page.GetByRole(AriaRole.Checkbox, new() { Name = label });
        await box.SetCheckedAsync(value);
        if (value) await Expect(box).ToBeCheckedAsync();
        else await Expect(box).Not.ToBeCheckedAsync();
    }

    /// <summary>A date as the app's date pickers write it: ISO 8601, whatever the server's or the browser's culture.</summary>
    private static string Day(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<byte[]> DownloadAsync(BrowserUser user, string path, string contentType)
    {
        var response = await user.Context.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"GET {path} answered {response.Status} {response.StatusText}.");
        Assert.StartsWith(contentType, response.Headers["content-type"], StringComparison.OrdinalIgnoreCase);
        return await response.BodyAsync();
    }

    /// <summary>The case record has no link in the UI yet: the auditor fetches its address with her browser's cookies.</summary>
    private static async Task DownloadCaseRecordAsync(BrowserUser auditor, string reference)
    {
        var record = await DownloadAsync(auditor, $"/demands/{reference}/record.pdf", "application/pdf");
        var text = PdfReadBack.Read(record).NormalisedText;
        Assert.Contains(PdfReadBack.Normalise(reference), text, StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Normalise("Head digest"), text, StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Normalise("Lee Legal"), text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/demands/(?<reference>[A-Z]{2}-\d{4}-\d{6})$")]
    private static partial Regex DemandUrl();
}
