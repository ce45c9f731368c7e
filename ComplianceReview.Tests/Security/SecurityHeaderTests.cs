using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Security;

public sealed partial class SecurityHeaderTests(SecurityAppFactory app) : IClassFixture<SecurityAppFactory>
{
    [Theory]
    [InlineData(null, "/health")]                       // endpoint
    [InlineData(null, "/not-a-page")]                   // 404
    [InlineData(null, "/demands")]                      // redirect to sign-in
    [InlineData(DemoUsers.Reviewer1, "/")]              // prerendered page
    [InlineData(DemoUsers.Admin1, "/demands")]          // access denied
    [InlineData(DemoUsers.Reviewer1, "/demands/{order}/order.pdf")] // download
    public async Task EveryResponseCarriesTheSecurityHeaders(string? user, string path)
    {
        var client = await app.ClientAsync(user);

        var response = await client.GetAsync(await ResolveAsync(path));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')?;", csp);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task APagesOnlyInlineScriptIsTheImportMapAndTheCspAllowsItByItsHash()
    {
        var client = await app.ClientAsync(DemoUsers.Reviewer1);

        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var inline = ScriptTag().Matches(html).Where(m => !m.Groups["attributes"].Value.Contains("src=", StringComparison.Ordinal)).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("type=\"importmap\"", importMap.Groups["attributes"].Value, StringComparison.Ordinal);
        var hash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups["body"].Value)));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"script-src 'self' '{hash}';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain(" on", string.Concat(ScriptTag().Matches(html).Select(m => m.Groups["attributes"].Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonPageResponsesAllowNoInlineScriptAtAll()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Contains("script-src 'self';", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlazorConnectionFromAForeignOriginIsRefused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");

        var response = await (await app.ClientAsync(DemoUsers.Reviewer1)).SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ABlazorConnectionFromTheAppsOwnOriginIsAllowed()
    {
        var client = await app.ClientAsync(DemoUsers.Reviewer1);
        var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheCircuitWebSocketFromAForeignOriginIsRefusedAndFromOurOwnIsOpened()
    {
        var (cookie, connectionToken) = await NegotiateAsReviewerAsync();
        var url = new Uri($"wss://localhost/_blazor?id={Uri.EscapeDataString(connectionToken)}");

        var foreign = WebSocketClient(cookie, "https://evil.example");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => foreign.ConnectAsync(url, CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        using var socket = await WebSocketClient(cookie, "https://localhost").ConnectAsync(url, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
        socket.Abort();
    }

    [Fact]
    public async Task EveryFormPostWithoutAnAntiforgeryTokenIsRefused()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();
        var answers = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            if (pattern == "/api/demands") continue; // JSON only: see TheJsonApiRefusesWhatAFormCanSend
            var client = await app.ClientAsync(AllowedUser(endpoint));
            var path = await ResolveAsync(pattern.Replace("{Reference}", "{demand}", StringComparison.Ordinal).Replace("{Id:guid}", "{agency}", StringComparison.Ordinal));
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = DemoUsers.Admin1 });

            using var response = await client.PostAsync(path, form);

            if (response.StatusCode != HttpStatusCode.BadRequest) answers.Add($"POST {path} without a token answered {(int)response.StatusCode}");
        }

        Assert.True(endpoints.Count > 10, "expected the pages and the sign-in/out forms");
        Assert.Empty(answers);
    }

    [Fact]
    public async Task TheJsonApiRefusesWhatAFormCanSend()
    {
        var endpoint = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/api/demands");
        Assert.Contains(endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>(), m => !m.RequiresValidation);
        var client = await app.ClientAsync(DemoUsers.Reviewer1);
        await using var db = app.CreateDbContext();
        var before = db.Demands.Count();

        // A cross-site form can send only form or text bodies; the API binds JSON and answers 415 to both.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["AgencyName"] = "Forged" });
        using var text = new StringContent("{\"AgencyName\":\"Forged\"}", Encoding.UTF8, "text/plain");
        var formAnswer = await client.PostAsync("/api/demands", form);
        var textAnswer = await client.PostAsync("/api/demands", text);

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, HttpStatusCode.UnsupportedMediaType), (formAnswer.StatusCode, textAnswer.StatusCode));
        Assert.Equal(before, db.Demands.Count());
    }

    [Fact]
    public async Task HealthIsAnonymousAndChecksTheDatabase()
    {
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static string AllowedUser(Endpoint endpoint)
    {
        var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().FirstOrDefault();
        return policy switch
        {
            Policies.SignOff => DemoUsers.LegalLead1,
            Policies.Audit => DemoUsers.Auditor1,
            Policies.Administer => DemoUsers.Admin1,
            _ => DemoUsers.Reviewer1,
        };
    }

    private async Task<(string Cookie, string ConnectionToken)> NegotiateAsReviewerAsync()
    {
        using var client = TestSignIn.CreateClient(app);
        using var signIn = await TestSignIn.PostSignInAsync(client, DemoUsers.Reviewer1);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        var json = System.Text.Json.JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        return (cookie, json.RootElement.GetProperty("connectionToken").GetString()!);
    }

    private Microsoft.AspNetCore.TestHost.WebSocketClient WebSocketClient(string cookie, string origin)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers.Origin = origin;
            request.Headers.Cookie = cookie;
        };
        return client;
    }

    private async Task<string> ResolveAsync(string text)
    {
        foreach (var (placeholder, value) in await app.RouteParametersAsync()) text = text.Replace(placeholder, value, StringComparison.Ordinal);
        return text;
    }

    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();
}
