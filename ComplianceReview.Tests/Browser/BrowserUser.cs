using System.Text.RegularExpressions;
using ComplianceReview.App.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceReview.Tests.Browser;

/// <summary>One person in their own browser context (own cookies, own circuit), with the waits the app needs.</summary>
public sealed partial class BrowserUser : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly DemoUser? _user;

    /// <param name="user">Who signs in; null for a visitor who is signed in as nobody.</param>
    public BrowserUser(DemoUser? user, IBrowserContext context, IPage page)
    {
        _user = user;
        Context = context;
        Page = page;
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsKnownNoise(message)) _errors.Add($"{Page.Url}: {message.Text} ({message.Location})");
        };
        Page.PageError += (_, error) => _errors.Add(error);
    }

    public DemoUser User => _user ?? throw new InvalidOperationException("This visitor is signed in as nobody.");
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Console errors and uncaught page errors so far (a failing circuit reports here).</summary>
    public IReadOnlyList<string> Errors => _errors;

    internal async Task SignInAsync()
    {
        await Page.GotoAsync("/signin/dev?returnUrl=%2F");
        await Page.GetByRole(AriaRole.Button, new() { Name = User.Name }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Uri(new Uri(Page.Url), "/").ToString());
        await WaitForInteractiveAsync("Dashboard");
    }

    /// <summary>Loads a page and waits until its circuit has rendered it interactively (see <see cref="WaitForInteractiveAsync"/>).</summary>
    public async Task<IResponse?> GotoAsync(string path, string heading)
    {
        var response = await Page.GotoAsync(path);
        await WaitForInteractiveAsync(heading);
        return response;
    }

    /// <summary>Loads a page that has no circuit (the development sign-in page) and waits for its heading.</summary>
    public async Task<IResponse?> GotoStaticAsync(string path, string heading)
    {
        var response = await Page.GotoAsync(path);
        await Expect(Page.Locator("h1", new() { HasText = heading })).ToBeVisibleAsync();
        return response;
    }

    /// <summary>
    /// Waits until the page with this <c>h1</c> is interactive. The app prerenders, so the heading shows before the circuit
    /// is up and clicks on it would be lost. The router's <c>FocusOnNavigate</c> runs only in the circuit, after the
    /// page's first interactive render, and focuses the <c>h1</c> through Blazor's <c>focusBySelector</c>, which gives an
    /// element without a tab index <c>tabindex="-1"</c>: that attribute is absent from prerendered HTML and marks the
    /// moment the page's event handlers are attached. It also follows in-circuit navigation (a new page, a new h1).
    /// </summary>
    public Task WaitForInteractiveAsync(string heading) =>
        Expect(Page.Locator("h1[tabindex='-1']", new() { HasText = heading })).ToBeVisibleAsync();

    public Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        return Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotDirectory, SafeName().Replace(name, "-") + ".png"),
            FullPage = true,
        });
    }

    /// <summary>The app has no favicon, which browsers ask for anyway. Anything else, a circuit failure included, is kept.</summary>
    private static bool IsKnownNoise(IConsoleMessage message) =>
        message.Location.EndsWith("/favicon.ico:0:0", StringComparison.Ordinal);

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex SafeName();
}
