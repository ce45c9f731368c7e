using System.Net;
using System.Text.RegularExpressions;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>
/// Signs a demo user in through the development sign-in page, the way a browser does: GET the form,
/// POST it back with its antiforgery token, keep the cookies. The app must run with development sign-in
/// (any environment but Production, <c>AzureAd:ClientId</c> empty, <c>Identity:DevelopmentSignIn</c> true).
/// </summary>
/// <example>
/// <code>using var client = await TestSignIn.SignInAsync(factory, DemoUsers.Reviewer1);</code>
/// </example>
public static partial class TestSignIn
{
    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    /// <summary>A client that keeps cookies and does not follow redirects (so tests see them).</summary>
    public static HttpClient CreateClient(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            // https, so the auth cookie (Secure outside Development) is sent back.
            BaseAddress = new Uri("https://localhost"),
        });

    /// <summary>A new client signed in as <paramref name="demoUserId"/> (one of <see cref="DemoUsers"/>).</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> factory, string demoUserId)
    {
        var client = CreateClient(factory);
        using var response = await PostSignInAsync(client, demoUserId);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException(
                $"Signing in as '{demoUserId}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>Fetches the sign-in form and posts it as <paramref name="demoUserId"/>; the caller inspects the answer.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string demoUserId, string returnUrl = "/")
    {
        var token = await GetAntiforgeryTokenAsync(client, "/signin/dev");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [AntiforgeryFieldName] = token,
            ["userId"] = demoUserId,
            ["returnUrl"] = returnUrl,
        });
        return await client.PostAsync("/signin/dev", form);
    }

    /// <summary>GETs a page and returns the antiforgery token of its (first) form; the cookie half stays in the client.</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}; expected a page with a form.");
        }
        return ExtractAntiforgeryToken(html)
            ?? throw new InvalidOperationException($"GET {path} has no {AntiforgeryFieldName} field.");
    }

    public static string? ExtractAntiforgeryToken(string html)
    {
        var match = AntiforgeryInput().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["token"].Value) : null;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
