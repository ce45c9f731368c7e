using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Security;

public sealed class SecurityHeaderTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/not-a-page")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ABlazorConnectionFromAForeignOriginIsRefused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");

        var response = await (await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1)).SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ABlazorConnectionFromTheAppsOwnOriginIsAllowed()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthIsAnonymousAndChecksTheDatabase()
    {
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
