using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace ComplianceReview.App;

/// <summary>
/// Response headers on every answer, and the cross-origin guard for the Blazor circuit (docs/security.md).
/// The Content-Security-Policy allows only this origin's scripts: Blazor Server needs no eval (unlike WebAssembly) and
/// no inline script, except the <c>&lt;script type="importmap"&gt;</c> that <c>&lt;ImportMap /&gt;</c> writes into every page;
/// browsers apply <c>script-src</c> to import maps, so that one is allowed by its SHA-256 and nothing else inline is.
/// MudBlazor sets inline <c>style</c> attributes and writes its theme into a <c>&lt;style&gt;</c> element, hence
/// <c>style-src 'unsafe-inline'</c>; styles cannot run code. The circuit's WebSocket is same-origin, covered by
/// <c>connect-src 'self'</c>.
/// </summary>
public static class SecurityHeaders
{
    // One import map per asset collection (one per build); computed once, not per response.
    private static readonly ConditionalWeakTable<ResourceAssetCollection, string> ImportMapHashes = [];

    public static string ContentSecurityPolicy(string? identityProviderOrigin, string? importMapHash = null)
    {
        var formAction = identityProviderOrigin is null ? "'self'" : $"'self' {identityProviderOrigin}";
        var scriptSrc = importMapHash is null ? "'self'" : $"'self' '{importMapHash}'";
        return $"default-src 'self'; script-src {scriptSrc}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
               $"connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action {formAction}";
    }

    /// <summary>The CSP source (<c>sha256-...</c>) of the import map a page of this endpoint carries, or null for other endpoints.</summary>
    public static string? ImportMapHash(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is null) return null;
        if (endpoint.Metadata.GetMetadata<ResourceAssetCollection>() is not { } assets) return null;
        return ImportMapHashes.GetValue(assets, static a =>
        {
            // <ImportMap /> writes exactly this text between the script tags; the hash is over those bytes.
            var json = ImportMapDefinition.FromResourceCollection(a).ToString();
            return "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        });
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? identityProviderOrigin)
    {
        var policy = ContentSecurityPolicy(identityProviderOrigin);
        return app.Use(async (context, next) =>
        {
            // A circuit opened from another site would act with the user's cookie: refuse foreign origins
            // (negotiate and the WebSocket upgrade both pass here before SignalR sees them).
            if (context.Request.Path.StartsWithSegments("/_blazor") && !IsSameOrigin(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var importMap = ImportMapHash(context.GetEndpoint());
                headers.ContentSecurityPolicy = importMap is null ? policy : ContentSecurityPolicy(identityProviderOrigin, importMap);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            await next();
        });
    }

    public static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true; // not a browser cross-origin request
        // Host only, not scheme: behind a TLS-terminating proxy the app sees http while the browser says https.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
