using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceReview.App.Diagnostics;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceReview.Tests.Browser;

/// <summary>
/// The queue's search box in a real browser, on an app that keeps every log message: an account typed into it filters
/// every page, clearing it brings every demand back, and the account is in no address and in no log line, although the
/// circuit carried it from the browser to the server.
/// </summary>
public sealed class QueueSearchTests(LoggingBrowserFixture browser) : IClassFixture<LoggingBrowserFixture>
{
    [BrowserFact]
    public async Task AnAccountTypedIntoTheSearchFiltersEveryPageAndReachesNoAddressAndNoLog()
    {
        var account = $"searched.{Guid.NewGuid():N}@contoso.example";
        await RegisterDemandsNamingAsync(account, 12);
        var queue = browser.App.Services.GetRequiredService<DemandQueue>();
        var unfiltered = await queue.PageAsync(new DemandQuery { PageSize = 10 });
        var searched = await queue.PageAsync(new DemandQuery { Search = account, PageSize = 10 });
        var searchedNext = await queue.PageAsync(new DemandQuery { Search = account, PageSize = 10, After = searched.Next });
        Assert.Equal((10, 2), (searched.Rows.Count, searchedNext.Rows.Count));

        await using var reviewer = await browser.SignInAsync(DemoUsers.Reviewer1);
        var page = reviewer.Page;
        var addresses = new List<string>();
        page.FrameNavigated += (_, frame) => addresses.Add(frame.Url); // pushState navigations of the circuit too
        var references = page.Locator(".demand-table tbody tr td:first-child");
        var searchBox = page.Locator("#queue-search");
        await reviewer.GotoAsync("/demands?size=10", "Demands");
        await Expect(references).ToHaveTextAsync(ReferencesOf(unfiltered));

        await searchBox.FillAsync(account);
        await searchBox.PressAsync("Enter");
        await Expect(references).ToHaveTextAsync(ReferencesOf(searched));
        await reviewer.ScreenshotAsync("queue-search");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("after="));
        await Expect(references).ToHaveTextAsync(ReferencesOf(searchedNext));
        await Expect(searchBox).ToHaveValueAsync(account);

        await page.Locator(".mud-input-control", new() { Has = searchBox }).GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Expect(references).ToHaveTextAsync(ReferencesOf(unfiltered));
        await Expect(searchBox).ToHaveValueAsync("");
        await Expect(page).ToHaveURLAsync(new Uri(browser.App.Address, "/demands?size=10").ToString());

        Assert.Empty(reviewer.Errors);
        var forms = new[] { account, Uri.EscapeDataString(account), JsonEncodedText.Encode(account).Value };
        Assert.Contains(addresses, a => a.Contains("after=", StringComparison.Ordinal));
        Assert.DoesNotContain(addresses, a => forms.Any(f => a.Contains(f, StringComparison.OrdinalIgnoreCase)));
        var logs = browser.Logs.Entries.ToList();
        var leaks = logs.Where(l => forms.Any(f => l.AllText.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .Select(l => $"{l.Category} ({l.Level}): {l.Message}").ToList();
        Assert.True(leaks.Count == 0, "The searched account is in the logs:\n" + string.Join('\n', leaks));
        // The capture does see the hub calls that brought the typed account to the server (with their arguments redacted).
        Assert.Contains(logs, l => l.Category == RequestLogRedaction.HubDispatcherCategory
            && l.Message.Contains("Target: \"BeginInvokeDotNetFromJS\", Arguments: [redacted]", StringComparison.Ordinal));
    }

    private static string[] ReferencesOf(DemandQueuePage page) => [.. page.Rows.Select(r => r.Reference)];

    private async Task RegisterDemandsNamingAsync(string account, int count)
    {
        using var scope = browser.App.Services.CreateScope();
        var demands = browser.App.ServiceAs<DemandService>(scope, TestUser.Reviewer1);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var result = await demands.RegisterAsync(Registrations.CourtOrder(now, account), null);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        }
    }
}
