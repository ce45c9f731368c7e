using System.Reflection;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Demands;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Components;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Browser;

/// <summary>
/// Every routable page, as the person who uses it, at a desktop, a small laptop and a phone width: it does not scroll
/// sideways, and (at 1366 and 390 px) axe-core finds no serious or critical violation. The demands include one whose every
/// field is as long as the app accepts (<see cref="LayoutBrowserFixture"/>), so long hashes, names, addresses and scope
/// texts are on the pages that show them. Each page is saved as a screenshot under <see cref="BrowserFixture.ScreenshotDirectory"/>.
/// </summary>
public sealed class AccessibilityTests(LayoutBrowserFixture browser, ITestOutputHelper output) : IClassFixture<LayoutBrowserFixture>
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>The widths axe scans at (a desktop and a phone); every width is checked for sideways scrolling.</summary>
    private static readonly int[] ScannedWidths = [1366, 390];

    private static readonly int[] Widths = [1366, 1024, 390];

    /// <param name="Route">The page's route template, as its <c>@page</c> directive (or endpoint) declares it.</param>
    /// <param name="Path">The address opened; <c>{Name}</c> stands for a demand the fixture picks.</param>
    /// <param name="UserId">Who opens it; null: nobody is signed in.</param>
    public sealed record AppPage(string Name, string Route, string Path, string? UserId, string Heading);

    public static readonly IReadOnlyList<AppPage> Pages =
    [
        new("sign-in", "/signin/dev", "/signin/dev", null, "Development sign-in"),
        new("dashboard", "/", "/", DemoUsers.Reviewer1, "Dashboard"),
        new("dashboard-legal-lead", "/", "/", DemoUsers.LegalLead1, "Dashboard"),
        new("queue", "/demands", "/demands", DemoUsers.Reviewer1, "Demands"),
        new("intake", "/demands/new", "/demands/new", DemoUsers.Reviewer1, "Register a demand"),
        new("demand-in-review", "/demands/{Reference}", "/demands/{InReview}", DemoUsers.Reviewer1, "Demand"),
        new("demand-awaiting-sign-off", "/demands/{Reference}", "/demands/{AwaitingSignOff}", DemoUsers.LegalLead1, "Demand"),
        new("demand-disclosed", "/demands/{Reference}", "/demands/{Disclosed}", DemoUsers.Auditor1, "Demand"),
        new("demand-long-values", "/demands/{Reference}", "/demands/{LongValues}", DemoUsers.Reviewer2, "Demand"),
        new("sign-off", "/signoff", "/signoff", DemoUsers.LegalLead1, "Awaiting sign-off"),
        new("audit", "/audit", "/audit", DemoUsers.Auditor1, "Audit trail"),
        new("transparency", "/reports/transparency", "/reports/transparency", DemoUsers.Reviewer1, "Transparency report"),
        new("emergency-follow-ups", "/tracks/emergency-follow-ups", "/tracks/emergency-follow-ups", DemoUsers.Reviewer1, "Emergency follow-ups"),
        new("notifications", "/tracks/notifications", "/tracks/notifications", DemoUsers.Reviewer1, "Customer notifications"),
        new("preservations", "/tracks/preservations", "/tracks/preservations", DemoUsers.Reviewer1, "Preservations"),
        new("admin-sessions", "/admin/sessions", "/admin/sessions", DemoUsers.Admin1, "Sessions"),
        new("admin-agencies", "/admin/agencies", "/admin/agencies", DemoUsers.Admin1, "Agency directory"),
        new("admin-agency", "/admin/agencies/{Id:guid}", "/admin/agencies/{Agency}", DemoUsers.Admin1, "Agency"),
        new("access-denied", "/access-denied", "/access-denied", DemoUsers.Reviewer1, "Access denied"),
        new("not-found", "/not-found", "/not-found", DemoUsers.Reviewer1, "Not found"),
        new("error", "/Error", "/Error", DemoUsers.Reviewer1, "Something went wrong"),
        new("signed-out", "/signed-out", "/signed-out", null, "You have signed out"),
    ];

    public static TheoryData<string, int> PagesAtEveryWidth()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Pages)
            foreach (var width in Widths) data.Add(page.Name, width);
        return data;
    }

    /// <summary>A page added to the app without a line above would escape these checks: this fails first.</summary>
    [Fact]
    public void EveryRoutablePageIsChecked()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Append(DevelopmentSignInPage.Path)
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(routes);
        Assert.Equal(routes.Order(StringComparer.Ordinal), Pages.Select(p => p.Route).Distinct().Order(StringComparer.Ordinal));
    }

    [BrowserTheory]
    [MemberData(nameof(PagesAtEveryWidth))]
    public async Task PageDoesNotScrollSidewaysAndHasNoSeriousOrCriticalViolations(string name, int width)
    {
        var page = Pages.Single(p => p.Name == name);
        await using var user = await browser.OpenAsync(page.UserId, width);
        var path = await browser.ResolveAsync(page.Path);
        // A visitor signed in as nobody gets the prerendered page only: the circuit needs a signed-in user.
        if (page.UserId is null) await user.GotoStaticAsync(path, page.Heading);
        else await user.GotoAsync(path, page.Heading);
        await user.Page.EvaluateAsync("document.fonts.ready");
        await user.ScreenshotAsync($"{name}-{width}");

        await AssertNoSidewaysScrollAsync(user, $"{name} at {width} px");
        if (ScannedWidths.Contains(width)) await ScanAsync(user, $"{name} at {width} px");
    }

    /// <summary>The test above must be able to fail: a page made wider than the window is caught.</summary>
    [BrowserFact]
    public async Task SidewaysScrollIsDetected()
    {
        await using var user = await browser.OpenAsync(DemoUsers.Reviewer1, 1024);
        await user.GotoAsync("/", "Dashboard");
        await user.Page.EvaluateAsync("() => { const d = document.createElement('div'); d.style.width = '1500px'; d.textContent = 'wide'; document.querySelector('main').append(d); }");

        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AssertNoSidewaysScrollAsync(user, "planted"));
    }

    /// <summary>The pages really use the fonts the app serves, not whatever the machine has.</summary>
    [BrowserFact]
    public async Task PagesUseTheServedFonts()
    {
        await using var user = await browser.OpenAsync(DemoUsers.Auditor1, 1366);
        await user.GotoAsync("/audit", "Audit trail");
        await user.Page.EvaluateAsync("document.fonts.ready");

        var bodyFont = await user.Page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily");
        Assert.StartsWith("Roboto", bodyFont.Trim('"', '\''), StringComparison.Ordinal);
        var loaded = await user.Page.EvaluateAsync<string[]>(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', '') + ' ' + f.weight)");
        Assert.Contains("Roboto 400", loaded);
        Assert.True(await user.Page.EvaluateAsync<bool>("document.fonts.check('16px Roboto')"));
    }

    private static async Task AssertNoSidewaysScrollAsync(BrowserUser user, string what)
    {
        var width = await user.Page.EvaluateAsync<PageWidth>("""
            () => {
                const root = document.documentElement;
                let widest = '';
                let right = root.clientWidth;
                for (const e of document.body.querySelectorAll('*')) {
                    const r = e.getBoundingClientRect().right;
                    if (r > right + 1) { right = r; widest = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'); }
                }
                return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
            }
            """);
        Assert.True(width.ScrollWidth <= width.ClientWidth,
            $"{what}: the page is {width.ScrollWidth} px wide in a {width.ClientWidth} px window (widest: {width.Widest}).");
    }

    private sealed class PageWidth
    {
        public int ScrollWidth { get; set; }
        public int ClientWidth { get; set; }
        public string Widest { get; set; } = "";
    }

    private async Task ScanAsync(BrowserUser user, string what)
    {
        var result = await user.Page.RunAxe();

        foreach (var violation in result.Violations)
            output.WriteLine($"{violation.Impact} {violation.Id}: {violation.Help} ({violation.Nodes.Length} node(s))");
        Assert.NotEmpty(result.Passes); // axe really ran over a page
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {blocking.Count} serious or critical axe violation(s):\n" + Describe(blocking));
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) => string.Join("\n", violations.Select(v =>
        $"- {v.Impact} {v.Id}: {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}: {n.Html}"))));
}

/// <summary>
/// The browser app plus one demand with every field as long as intake accepts, taken to the legal lead's sign-off: a
/// 200-character agency and court, a 100-character case number, 25 long e-mail addresses, a 4,000-character reason.
/// </summary>
public sealed class LayoutBrowserFixture : BrowserFixture
{
    private string? _longValues;

    protected override async Task OnStartedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var targets = Enumerable.Range(1, 25)
            .Select(i => $"firstname.middlename.lastname.department{i:00}@subsidiary-{i:00}.regional-office.northwind-traders.example")
            .ToList();
        var registration = Infrastructure.Registrations.CourtOrder(now, [.. targets]) with
        {
            AgencyName = Long("Office of the Inspector General for Interagency Cooperation and Cross-Border Financial Investigations", RequestingAgency.MaxNameLength),
            IssuingAuthority = Long("United States District Court for the Southern District of New York, Magistrate Judge Division", DemandRegistration.MaxAuthorityLength),
            CaseNumber = Long("SDNY-2026-MAG-", DemandRegistration.MaxCaseNumberLength),
            DueAt = now.AddHours(1), // first in the queue, sorted by due date
        };
        _longValues = await App.RegisterAndApproveAsync(registration, Long("The order is specific and covers the named accounts. ", ReviewDecision.MaxReasonLength));
    }

    public async Task<string> ResolveAsync(string path)
    {
        if (path.Contains("{LongValues}", StringComparison.Ordinal))
            return path.Replace("{LongValues}", _longValues ?? throw new InvalidOperationException("The fixture did not start."), StringComparison.Ordinal);
        if (path.Contains("{Agency}", StringComparison.Ordinal))
        {
            // The seeded agency with a suspended contact: the page's fullest state.
            await using var db = App.CreateDbContext();
            var id = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.DirectoryAgencies.Where(a => a.Name == ComplianceReview.App.Data.DemoAgencyDirectory.ForgedAgencyName).Select(a => a.Id));
            return path.Replace("{Agency}", id.ToString(), StringComparison.Ordinal);
        }
        foreach (var status in new[] { DemandStatus.InReview, DemandStatus.AwaitingSignOff, DemandStatus.Disclosed })
        {
            var placeholder = "{" + status + "}";
            if (path.Contains(placeholder, StringComparison.Ordinal))
                return path.Replace(placeholder, await SeededDemands.FirstWithStatusAsync(App, status), StringComparison.Ordinal);
        }
        return path;
    }

    /// <summary><paramref name="start"/> repeated (words, so it wraps as text does), cut at <paramref name="length"/> characters.</summary>
    private static string Long(string start, int length) => string.Concat(Enumerable.Repeat(start, length / start.Length + 1))[..length];
}
