using System.Net;
using System.Text.RegularExpressions;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Identity;

public sealed partial class DevelopmentSignInTests(DevelopmentIdentityAppFactory factory)
    : IClassFixture<DevelopmentIdentityAppFactory>
{
    private const string AuthCookieName = "ComplianceReview.Auth";

    [Fact]
    public async Task SignInPageListsEveryDemoUserWithTheirRole()
    {
        using var client = TestSignIn.CreateClient(factory);

        using var response = await client.GetAsync("/signin/dev");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var buttons = UserButton().Matches(html)
            .Select(m => (Id: m.Groups["id"].Value, Name: m.Groups["name"].Value, Role: m.Groups["role"].Value))
            .ToList();
        Assert.Equal(
            [
                ("dev-reviewer-1", "Riley Reviewer", "Compliance reviewer"),
                ("dev-reviewer-2", "Sam Reviewer", "Compliance reviewer"),
                ("dev-legallead-1", "Lee Legal", "Legal lead"),
                ("dev-legallead-2", "Lou Legal", "Legal lead"),
                ("dev-auditor-1", "Ada Auditor", "Auditor"),
                ("dev-admin-1", "Alex Admin", "Administrator"),
            ],
            buttons);
        Assert.NotNull(TestSignIn.ExtractAntiforgeryToken(html));
    }

    [Fact]
    public async Task SignInWithoutAntiforgeryTokenIsRefused()
    {
        using var client = TestSignIn.CreateClient(factory);
        await TestSignIn.GetAntiforgeryTokenAsync(client, "/signin/dev"); // the cookie half is there, the form half is not
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = DemoUsers.Reviewer1,
            ["returnUrl"] = "/",
        });

        using var response = await client.PostAsync("/signin/dev", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal));
        using var home = await client.GetAsync("/");
        Assert.Equal("/signin", home.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task SignInWithUnknownUserIsRefused()
    {
        using var client = TestSignIn.CreateClient(factory);

        using var response = await TestSignIn.PostSignInAsync(client, "dev-nobody");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInSetsTheCookieAndRedirectsToTheReturnUrl()
    {
        using var client = TestSignIn.CreateClient(factory);

        using var response = await TestSignIn.PostSignInAsync(client, DemoUsers.Reviewer1, returnUrl: "/demands?page=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/demands?page=2", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(SetCookies(response), c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignedInUserOpensProtectedPageWithTheirNameRolesAndSignOutForm()
    {
        using var client = await TestSignIn.SignInAsync(factory, DemoUsers.Reviewer1);

        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(">Dashboard", html, StringComparison.Ordinal);
        Assert.Contains("Riley Reviewer", html, StringComparison.Ordinal);
        Assert.Contains("Compliance reviewer", html, StringComparison.Ordinal);
        Assert.Matches("""<nav[^>]*aria-label="Main navigation""", html);
        Assert.Matches("""<form method="post" action="signout">\s*<input[^>]*name="__RequestVerificationToken""", html);
    }

    [Fact]
    public async Task UnauthenticatedRequestToProtectedPageRedirectsToSignIn()
    {
        using var client = TestSignIn.CreateClient(factory);

        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", page.Headers.Location?.AbsolutePath);
        Assert.Equal("?returnUrl=%2F", page.Headers.Location?.Query);

        using var signIn = await client.GetAsync(page.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/signin/dev?returnUrl=%2F", signIn.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    public async Task SignInRefusesToRedirectOffSite(string returnUrl)
    {
        using var client = TestSignIn.CreateClient(factory);

        using var challenge = await client.GetAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal("/signin/dev?returnUrl=%2F", challenge.Headers.Location?.OriginalString);

        using var page = await client.GetAsync($"/signin/dev?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Contains("""<input type="hidden" name="returnUrl" value="/">""", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signIn = await TestSignIn.PostSignInAsync(client, DemoUsers.Reviewer1, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOutWithTheLayoutsFormEndsTheSession()
    {
        using var client = await TestSignIn.SignInAsync(factory, DemoUsers.LegalLead1);
        var token = await TestSignIn.GetAntiforgeryTokenAsync(client, "/");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [TestSignIn.AntiforgeryFieldName] = token });

        using var signOut = await client.PostAsync("/signout", form);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signed-out", signOut.Headers.Location?.OriginalString);
        using var home = await client.GetAsync("/");
        Assert.Equal("/signin", home.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task SignOutWithoutAntiforgeryTokenIsRefused()
    {
        using var client = await TestSignIn.SignInAsync(factory, DemoUsers.LegalLead1);

        using var signOut = await client.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [GeneratedRegex("""<button type="submit" name="userId" value="(?<id>[^"]+)"><span class="name">(?<name>[^<]+)</span> <span class="role">(?<role>[^<]+)</span></button>""")]
    private static partial Regex UserButton();
}
