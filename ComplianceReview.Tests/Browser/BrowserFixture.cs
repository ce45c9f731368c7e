using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Security;
using Microsoft.Playwright;

namespace ComplianceReview.Tests.Browser;

/// <summary>
/// One app on Kestrel and one headless Chromium for a test class; each test opens its own browser contexts (one per person,
/// so cookies stay apart). Without Chromium nothing is started and <see cref="SignInAsync"/> fails with the reason; on a
/// developer machine <see cref="BrowserFactAttribute"/> skips the tests before that.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private BrowserAppFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserAppFactory App => _app ?? throw new InvalidOperationException(BrowserEnvironment.MissingMessage);

    /// <summary>Screenshots for people to look at, beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!BrowserEnvironment.ChromiumAvailable) return;
        // Generous for a loaded build machine: a wait ends as soon as its condition holds, so this costs nothing when green.
        Assertions.SetDefaultExpectTimeout(15_000);
        _app = CreateApp();
        _app.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        await OnStartedAsync();
    }

    /// <summary>Runs once the app and the browser are up: a derived fixture adds the data its tests need.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    protected virtual BrowserAppFactory CreateApp() => new();

    /// <summary>A fresh browser context signed in as a demo user through <c>/signin/dev</c>, on the dashboard.</summary>
    public Task<BrowserUser> SignInAsync(string demoUserId) => OpenAsync(demoUserId, width: 1440);

    /// <summary>
    /// A fresh browser context <paramref name="width"/> pixels wide (900 high), signed in as <paramref name="demoUserId"/>
    /// on the dashboard, or, for null, signed in as nobody and on no page yet. Locale and time zone are fixed, so nothing
    /// depends on the machine's.
    /// </summary>
    public async Task<BrowserUser> OpenAsync(string? demoUserId, int width)
    {
        if (_browser is null)
        {
            throw new InvalidOperationException(BrowserEnvironment.MissingMessage +
                (BrowserEnvironment.IsCi ? " CI is set, so this is a failure, not a skip." : ""));
        }
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        var user = demoUserId is null ? null : BrowserAppFactory.Users.Single(u => u.Id == demoUserId);
        var session = new BrowserUser(user, context, await context.NewPageAsync());
        if (user is not null) await session.SignInAsync();
        return session;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>A <see cref="BrowserFixture"/> whose app keeps every log message (<see cref="BrowserAppFactory.Logs"/>).</summary>
public sealed class LoggingBrowserFixture : BrowserFixture
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override BrowserAppFactory CreateApp() => new(Logs);
}
