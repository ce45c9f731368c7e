using System.Net;
using System.Reflection;
using System.Text;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// Every routable page and every endpoint, asked by every role and by nobody, answers as this table says.
/// A page or endpoint the table does not know fails the test, and so does one without an explicit
/// <c>[Authorize(Policy)]</c>, <c>[Authorize]</c> or <c>[AllowAnonymous]</c>.
/// <para>
/// How pages answer over HTTP: the app renders every page interactively with prerendering, and
/// <c>MapRazorComponents</c> puts each page's <c>[Authorize]</c> on its endpoint, so the authorization middleware
/// decides before anything is prerendered: nobody signed in gets a redirect to <c>/signin</c>, a signed-in user
/// without the policy a redirect to <c>/access-denied</c>, and only an allowed user gets the prerendered page (200,
/// with its h1 and without the "You do not have permission" alert). <c>AuthorizeRouteView</c>'s NotAuthorized
/// content is reached only by navigating inside a live circuit; Identity/RoutesTests covers that path.
/// </para>
/// </summary>
public sealed class AuthorizationMatrixTests(SecurityAppFactory app) : IClassFixture<SecurityAppFactory>
{
    /// <summary>Who asks: the four roles and nobody.</summary>
    public enum Caller { Anonymous, Reviewer, LegalLead, Auditor, Admin }

    private static readonly Dictionary<Caller, string?> DemoUserOf = new()
    {
        [Caller.Anonymous] = null,
        [Caller.Reviewer] = DemoUsers.Reviewer1,
        [Caller.LegalLead] = DemoUsers.LegalLead1,
        [Caller.Auditor] = DemoUsers.Auditor1,
        [Caller.Admin] = DemoUsers.Admin1,
    };

    private const string Anonymous = "(anonymous)";
    private const string SignedIn = "(signed in)";
    private const string Fallback = "(fallback: signed in)";

    private static readonly Caller[] Everyone = Enum.GetValues<Caller>();
    private static readonly Caller[] AnyRole = [Caller.Reviewer, Caller.LegalLead, Caller.Auditor, Caller.Admin];
    private static readonly Caller[] DemandViewers = [Caller.Reviewer, Caller.LegalLead, Caller.Auditor];

    /// <summary>
    /// One row per route and method: the declared policy (what the metadata must say), how to ask, who is let through,
    /// and what a let-through caller gets (the handler's own answer; for a POST without a body that may be a 400).
    /// Everyone else gets: nobody signed in, the sign-in challenge; signed in, access denied.
    /// </summary>
    private static readonly Row[] Table =
    [
        // Pages (components with @page)
        Page("/", SignedIn, AnyRole, "Dashboard"),
        Page("/demands", Policies.ViewDemands, DemandViewers, "Demands"),
        Page("/demands/{Reference}", Policies.ViewDemands, DemandViewers, "{demand}", path: "/demands/{demand}"),
        Page("/demands/new", Policies.Review, [Caller.Reviewer], "Register a demand"),
        Page("/signoff", Policies.SignOff, [Caller.LegalLead], "Awaiting sign-off"),
        Page("/audit", Policies.Audit, [Caller.Auditor], "Audit trail"),
        Page("/admin/sessions", Policies.Administer, [Caller.Admin], "Sessions"),
        Page("/admin/agencies", Policies.Administer, [Caller.Admin], "Agency directory"),
        Page("/admin/agencies/{Id:guid}", Policies.Administer, [Caller.Admin], "Agency", path: "/admin/agencies/{agency}"),
        Page("/reports/transparency", SignedIn, AnyRole, "Transparency report"),
        Page("/tracks/emergency-follow-ups", Policies.ViewDemands, DemandViewers, "Emergency follow-ups"),
        Page("/tracks/preservations", Policies.ViewDemands, DemandViewers, "Preservations"),
        Page("/tracks/notifications", Policies.ViewDemands, DemandViewers, "Customer notifications"),
        Page("/access-denied", Anonymous, Everyone, "Access denied"),
        Page("/signed-out", Anonymous, Everyone, "You have signed out"),
        Page("/not-found", Anonymous, Everyone, "Not found"),
        Page("/Error", Anonymous, Everyone, "Something went wrong"),

        // Endpoints
        Endpoint("GET", "/health", Anonymous, Everyone, HttpStatusCode.OK),
        Endpoint("GET", "/signin", Anonymous, Everyone, HttpStatusCode.Redirect),
        Endpoint("GET", "/signin/dev", Anonymous, Everyone, HttpStatusCode.OK),
        Endpoint("POST", "/signin/dev", Anonymous, Everyone, HttpStatusCode.BadRequest), // no antiforgery token
        Endpoint("POST", "/signout", Anonymous, Everyone, HttpStatusCode.BadRequest), // no antiforgery token
        Endpoint("POST", "/api/demands", Policies.RegisterDemands, [Caller.Reviewer], HttpStatusCode.BadRequest, json: "{}"), // validation problem
        Endpoint("GET", "/demands/{reference}/order.pdf", Policies.ViewDemands, DemandViewers, HttpStatusCode.OK, path: "/demands/{order}/order.pdf"),
        // Need-to-know (PackageService, LegalDemand.CustomerDataRefusal): the endpoint lets demand viewers ask, the service
        // answers. Signed off: legal leads and auditors. Awaiting sign-off: the demand's own reviewer and legal leads.
        Endpoint("GET", "/demands/{reference}/package.pdf", Policies.ViewDemands, [Caller.LegalLead, Caller.Auditor], HttpStatusCode.OK,
            path: "/demands/{package}/package.pdf") with { Variant = "signed off" },
        Endpoint("GET", "/demands/{reference}/package.pdf", Policies.ViewDemands, [Caller.Reviewer, Caller.LegalLead], HttpStatusCode.OK,
            path: "/demands/{pending}/package.pdf") with { Variant = "awaiting sign-off, the reviewer's own" },
        Endpoint("GET", "/audit/export.csv", Policies.Audit, [Caller.Auditor], HttpStatusCode.OK, path: "/audit/export.csv?from=2026-01-01&to=2026-12-31"),
        Endpoint("GET", "/audit/export.pdf", Policies.Audit, [Caller.Auditor], HttpStatusCode.OK, path: "/audit/export.pdf?from=2026-10-01&to=2026-12-31"),
        Endpoint("GET", "/demands/{reference}/record.pdf", Policies.Audit, [Caller.Auditor], HttpStatusCode.OK, path: "/demands/{demand}/record.pdf"),
        Endpoint("GET", "/reports/transparency.csv", SignedIn, AnyRole, HttpStatusCode.OK, path: "/reports/transparency.csv?period=2026-H2"),
        Endpoint("GET", "/reports/transparency.pdf", SignedIn, AnyRole, HttpStatusCode.OK, path: "/reports/transparency.pdf?period=2026-H2"),

        // Framework endpoints without metadata of their own: the fallback policy (a signed-in user) covers them.
        Endpoint("POST", "/_blazor/negotiate", Fallback, AnyRole, HttpStatusCode.OK, path: "/_blazor/negotiate?negotiateVersion=1"),
        Endpoint("GET", "/_blazor/initializers/", Fallback, AnyRole, HttpStatusCode.OK),
        Unprobed("/_blazor", Fallback, "the circuit's WebSocket; SecurityHeaderTests opens it"),
        Unprobed("/_blazor/disconnect/", Fallback, "closes a circuit by id; nothing to disclose"),
        Unprobed("/_framework/opaque-redirect", Fallback, "Blazor's redirect helper for enhanced navigation"),
        Unprobed("{**path:file}", Fallback, "Development only: static files added after the build"),
    ];

    public static TheoryData<string, Caller> Cells()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var row in Table.Where(r => r.Method is not null))
        {
            foreach (var caller in Everyone) data.Add(row.Key, caller);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task EachCallerGetsTheAnswerTheTableGives(string key, Caller caller)
    {
        var row = Table.Single(r => r.Key == key);
        var client = await app.ClientAsync(DemoUserOf[caller]);
        var path = await ResolveAsync(row.Path);

        using var request = new HttpRequestMessage(new HttpMethod(row.Method!), path);
        if (row.Json is not null) request.Content = new StringContent(row.Json, Encoding.UTF8, "application/json");
        if (row.Method == "POST" && row.Json is null) request.Content = new FormUrlEncodedContent([]);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        if (row.Allowed.Contains(caller))
        {
            Assert.True(row.AllowedStatus == response.StatusCode,
                $"{row.Method} {path} as {caller}: expected {(int)row.AllowedStatus!}, got {(int)response.StatusCode} {response.Headers.Location}");
            if (row.Heading is { } heading)
            {
                Assert.Contains(await ResolveAsync(heading), H1(body), StringComparison.Ordinal);
                Assert.DoesNotContain("You do not have permission", body, StringComparison.Ordinal);
            }
        }
        else if (caller == Caller.Anonymous)
        {
            // A page gets the sign-in redirect; a JSON API the bare 401 (cookie auth answers API endpoints that way).
            Assert.True(IsRedirectTo(response, "/signin?returnUrl=") || response.StatusCode == HttpStatusCode.Unauthorized,
                $"{row.Method} {path} anonymously: expected the sign-in challenge, got {(int)response.StatusCode} {response.Headers.Location}");
        }
        else
        {
            Assert.True(IsRedirectTo(response, "/access-denied?returnUrl=") || response.StatusCode == HttpStatusCode.Forbidden,
                $"{row.Method} {path} as {caller}: expected access denied, got {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public void EveryRoutablePageIsInTheTable()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Table.Where(r => r.Heading is not null).Select(r => r.Pattern).Order(StringComparer.Ordinal), pages);
    }

    [Fact]
    public void EveryEndpointIsInTheTableWithTheDeclaredPolicy()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .ToList();
        var problems = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var declared = DeclaredPolicy(endpoint);
            // Pages take GET and POST on one endpoint (probed with GET); other endpoints are one row per method.
            var rows = Table.Where(r => r.Pattern == pattern
                && (r.Method is null || r.Heading is not null || methods.Count == 0 || methods.Contains(r.Method))).ToList();
            if (rows.Count == 0)
            {
                problems.Add($"{pattern} [{string.Join(",", methods)}] is not in the table (it declares {declared}).");
                continue;
            }
            if (declared == Fallback && rows.Any(r => r.Policy != Fallback || !IsFramework(pattern)))
            {
                problems.Add($"{pattern} has no [Authorize(Policy)], [Authorize] or [AllowAnonymous]; only framework endpoints may rely on the fallback.");
            }
            foreach (var row in rows.Where(r => r.Policy != declared))
            {
                problems.Add($"{pattern}: the table says {row.Policy}, the endpoint declares {declared}.");
            }
        }
        foreach (var row in Table.Where(r => r.Pattern != "{**path:file}" && endpoints.All(e => e.RoutePattern.RawText != r.Pattern)))
        {
            problems.Add($"{row.Pattern} is in the table but not mapped.");
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void StaticAssetsAreExplicitlyAnonymous()
    {
        var assets = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            .ToList();

        Assert.NotEmpty(assets);
        Assert.All(assets, e => Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>()));
    }

    private static string DeclaredPolicy(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return Anonymous;
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0) return Fallback;
        return authorize.Select(a => a.Policy).OfType<string>().SingleOrDefault() ?? SignedIn;
    }

    private static bool IsFramework(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal) || pattern == "{**path:file}";

    private static bool IsRedirectTo(HttpResponseMessage response, string pathAndQueryStart) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).StartsWith(pathAndQueryStart, StringComparison.Ordinal);

    private static string H1(string html)
    {
        var start = html.IndexOf("<h1", StringComparison.Ordinal);
        if (start < 0) return "";
        var end = html.IndexOf("</h1>", start, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    private async Task<string> ResolveAsync(string text)
    {
        foreach (var (placeholder, value) in await app.RouteParametersAsync()) text = text.Replace(placeholder, value, StringComparison.Ordinal);
        return text;
    }

    private static Row Page(string pattern, string policy, Caller[] allowed, string heading, string? path = null) =>
        new(pattern, "GET", path ?? pattern, policy, allowed, HttpStatusCode.OK, heading, null);

    private static Row Endpoint(string method, string pattern, string policy, Caller[] allowed, HttpStatusCode allowedStatus, string? path = null, string? json = null) =>
        new(pattern, method, path ?? pattern, policy, allowed, allowedStatus, null, json);

    private static Row Unprobed(string pattern, string policy, string why) => new(pattern, null, why, policy, [], null, null, null);

    private sealed record Row(string Pattern, string? Method, string Path, string Policy, Caller[] Allowed, HttpStatusCode? AllowedStatus,
        string? Heading, string? Json)
    {
        /// <summary>Tells apart rows of one route whose answer turns on the resource (a demand before or after sign-off).</summary>
        public string? Variant { get; init; }

        public string Key => (Method is null ? Pattern : $"{Method} {Pattern}") + (Variant is null ? "" : $" ({Variant})");
    }
}
