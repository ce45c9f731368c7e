using System.Web;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Identity.Sessions;
using ComplianceReview.App.Services;
using ComplianceReview.Tests.Browser;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ComplianceReview.Tests.Oidc;

/// <summary>
/// The browser fixture's app signing people in through the real OpenID Connect provider, configured as for Entra: the
/// provider starts first (the app's settings need its issuer), the app next, then the provider learns the app's address.
/// Circuits and cookies re-check roles every <see cref="RevalidationInterval"/>, short here so a removal shows quickly.
/// </summary>
public class OidcBrowserFixture : BrowserFixture, IAsyncLifetime
{
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromSeconds(2);

    private OidcProvider? _provider;

    public OidcProvider Provider => _provider ?? throw new InvalidOperationException(OidcEnvironment.MissingMessage);

    /// <summary>The app's warnings and errors, for a failing test's message.</summary>
    public Security.CapturingLoggerProvider Logs { get; } = new();

    public string Warnings => string.Join(Environment.NewLine,
        Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => $"{e.Category}: {e.AllText}"));

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (!OidcEnvironment.Available) return; // every test then fails (CI) or is skipped, with the reason
        _provider = await OidcProvider.StartAsync(CreateClientCertificate());
        await InitializeAsync();
    }

    /// <summary>The web client's certificate (a PFX) if the app should prove itself by certificate instead of a secret.</summary>
    protected virtual string? CreateClientCertificate() => null;

    /// <summary>A fresh browser signed in as nobody; the provider's pages ask for fonts on the internet, which are refused.</summary>
    public async Task<BrowserUser> VisitorAsync()
    {
        var visitor = await OpenAsync(null, width: 1440);
        await visitor.Context.RouteAsync("https://fonts.googleapis.com/**", route => route.AbortAsync());
        return visitor;
    }

    /// <summary>Types the user's login at the provider's sign-in page (any password: the provider is for tests).</summary>
    public static async Task SignInAtTheProviderAsync(IPage page, OidcUser user)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(user);
        await page.Locator("input[name=login]").FillAsync(user.Login);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
    }

    public async Task<BrowserUser> SignInAsync(OidcUser user, string path = "/", string heading = "Dashboard")
    {
        var visitor = await VisitorAsync();
        await visitor.Page.GotoAsync(path);
        await SignInAtTheProviderAsync(visitor.Page, user);
        await visitor.WaitForInteractiveAsync(heading);
        return visitor;
    }

    /// <summary>
    /// Removes the user's roles at the provider and expects the open page to end in "Access denied" within the
    /// revalidation interval (the circuit asks the provider again with the session's refresh token), then restores them.
    /// </summary>
    public async Task ExpectRoleRemovalToEndTheSessionAsync(BrowserUser user, OidcUser who)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(who);
        try
        {
            await Provider.SetRolesAsync(who, []);

            // The open circuit asks again within the interval (the provider's answer is a fresh id token without the
            // role), ends the session and sends the user to sign in; the provider signs them straight back in, with no role now.
            try
            {
                await Expect(user.Page.Locator("h1", new() { HasText = "Access denied" }))
                    .ToBeVisibleAsync(new() { Timeout = (float)(RevalidationInterval * 10).TotalMilliseconds });
            }
            catch (PlaywrightException e)
            {
                throw new InvalidOperationException($"{e.Message}{Environment.NewLine}The app logged:{Environment.NewLine}{Warnings}", e);
            }
            await using var db = App.CreateDbContext();
            Assert.Contains(await db.Sessions.AsNoTracking().Where(s => s.UserId == who.ObjectId).ToListAsync(),
                s => s.EndReason == SessionEndReasons.RoleRemoved);
            await Expect(user.Page.Locator(".account-panel")).ToContainTextAsync("No role assigned");
        }
        finally
        {
            await Provider.SetRolesAsync(who, who.Roles);
        }
    }

    protected override BrowserAppFactory CreateApp()
    {
        var settings = Provider.AppSettings();
        settings["Identity:RevalidationInterval"] = RevalidationInterval.ToString("c");
        return new BrowserAppFactory(Logs, settings);
    }

    protected override Task OnStartedAsync() => Provider.SetUpAsync(App.Address);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>Sign-in, roles, four-eyes, sign-out and role removal in Chromium, against the real provider.</summary>
public sealed class OidcSignInTests(OidcBrowserFixture browser) : IClassFixture<OidcBrowserFixture>
{
    [OidcBrowserFact]
    public async Task TheAuthorizationCodeSignInUsesPkceAndTheProvidersRolesReachThePages()
    {
        await using var riley = await browser.VisitorAsync();
        var page = riley.Page;
        var authorizeRequests = new List<Uri>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(browser.Provider.Issuer + "/auth", StringComparison.Ordinal)) authorizeRequests.Add(new Uri(request.Url));
        };

        await page.GotoAsync("/demands/new");
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
        await OidcBrowserFixture.SignInAtTheProviderAsync(page, OidcProvider.Riley);
        await riley.WaitForInteractiveAsync("Register a demand");

        // The app pushed its request to the provider first (RFC 9126: the code challenge never travels in the address);
        // the provider requires PKCE (SignInRequestTests), so this sign-in went through with a code challenge and verifier.
        var authorize = HttpUtility.ParseQueryString(authorizeRequests[0].Query);
        Assert.Equal(OidcProvider.WebClientId, authorize["client_id"]);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", authorize["request_uri"], StringComparison.Ordinal);
        Assert.Null(authorize["code_challenge"]);
        // The name and role come from the provider's id token.
        await Expect(page.Locator(".account-panel")).ToContainTextAsync(OidcProvider.Riley.Name);
        await Expect(page.Locator(".account-panel")).ToContainTextAsync(Roles.Display(Roles.Reviewer));
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "New demand" })).ToBeVisibleAsync();
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);
        await page.GotoAsync("/audit");
        await Expect(page.Locator("h1", new() { HasText = "Access denied" })).ToBeVisibleAsync();
        // The provider's pages fail to load their web fonts (refused above); the app's pages have no error at all.
        Assert.DoesNotContain(riley.Errors, e => e.StartsWith(browser.App.Address.ToString(), StringComparison.Ordinal));
    }

    [OidcBrowserFact]
    public async Task FourEyesComparesTheProvidersObjectIdNotTheName()
    {
        // Robin decided on the demand: recorded under the oid the provider issues for Robin (not the login or sub).
        var reference = await RegisterAndApproveAsAsync(new TestUser(OidcProvider.Robin.ObjectId, OidcProvider.Robin.Name, Roles.Reviewer));

        await using (var robin = await browser.SignInAsync(OidcProvider.Robin))
        {
            await robin.GotoAsync($"/demands/{reference}", $"Demand {reference}");
            await Expect(robin.Page.Locator("#signoff-four-eyes")).ToContainTextAsync(FourEyes.Message);
            await Expect(robin.Page.GetByRole(AriaRole.Button, new() { Name = "Open package for signature" })).ToHaveCountAsync(0);
        }

        await using var lee = await browser.SignInAsync(OidcProvider.Lee);
        await lee.GotoAsync($"/demands/{reference}", $"Demand {reference}");
        await Expect(lee.Page.GetByRole(AriaRole.Button, new() { Name = "Open package for signature" })).ToBeVisibleAsync();
        await Expect(lee.Page.Locator("#signoff-four-eyes")).ToHaveCountAsync(0);
    }

    [OidcBrowserFact]
    public async Task SignOutEndsTheSessionAtTheAppAndAtTheProvider()
    {
        await using var lee = await browser.SignInAsync(OidcProvider.Lee);
        var page = lee.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();

        await Expect(page.Locator("h1", new() { HasText = "You have signed out" })).ToBeVisibleAsync();
        Assert.Equal(new Uri(browser.App.Address, "/signed-out"), new Uri(page.Url));
        await using (var db = browser.App.CreateDbContext())
        {
            var sessions = await db.Sessions.AsNoTracking().Where(s => s.UserId == OidcProvider.Lee.ObjectId).ToListAsync();
            // Lee's newest session is this browser's (another test may have left an older one open).
            Assert.Equal(SessionEndReasons.SignedOut, sessions.OrderByDescending(s => s.CreatedAt).First().EndReason);
        }
        // The provider's session is over too: coming back asks for the login again instead of signing straight in.
        await page.GotoAsync("/");
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
    }

    [OidcBrowserFact]
    public async Task ARoleRemovedAtTheProviderEndsTheSessionWithinTheRevalidationInterval()
    {
        await using var sam = await browser.SignInAsync(OidcProvider.Sam, "/demands/new", "Register a demand");

        await browser.ExpectRoleRemovalToEndTheSessionAsync(sam, OidcProvider.Sam);
    }

    private async Task<string> RegisterAndApproveAsAsync(TestUser reviewer)
    {
        using var scope = browser.App.Services.CreateScope();
        var demands = browser.App.ServiceAs<DemandService>(scope, reviewer);
        var registered = await demands.RegisterAsync(Registrations.CourtOrder(DateTimeOffset.UtcNow), null);
        var reference = registered.Reference!.Value;
        var inReview = await demands.StartReviewAsync(reference, (await demands.FindAsync(reference))!.Version);
        await demands.ApproveAsync(reference, inReview.Version, "The order names one account and identity data only; approved as asked.");
        return reference;
    }
}

/// <summary>The app registered with a certificate credential only: the provider knows no secret for it.</summary>
public sealed class OidcCertificateBrowserFixture : OidcBrowserFixture
{
    protected override string? CreateClientCertificate() => TestCertificates.CreatePfx("CN=ComplianceReview web client (browser test)");
}

/// <summary>
/// Sign-in and role revalidation in Chromium when the app proves itself by certificate (<c>private_key_jwt</c>): the
/// pushed request, the code's redemption and every refresh of the roles carry a client assertion signed by it.
/// </summary>
public sealed class OidcCertificateSignInTests(OidcCertificateBrowserFixture browser) : IClassFixture<OidcCertificateBrowserFixture>
{
    [OidcBrowserFact]
    public async Task APersonSignsInWhenTheAppHoldsOnlyACertificate()
    {
        Assert.NotNull(browser.Provider.ClientCertificatePath);

        await using var lee = await browser.SignInAsync(OidcProvider.Lee);

        await Expect(lee.Page.Locator(".account-panel")).ToContainTextAsync(OidcProvider.Lee.Name);
        await Expect(lee.Page.Locator(".account-panel")).ToContainTextAsync(Roles.Display(Roles.LegalLead));
    }

    [OidcBrowserFact]
    public async Task RolesAreRevalidatedWithTheCertificate()
    {
        await using var sam = await browser.SignInAsync(OidcProvider.Sam, "/demands/new", "Register a demand");

        await browser.ExpectRoleRemovalToEndTheSessionAsync(sam, OidcProvider.Sam);
    }
}
