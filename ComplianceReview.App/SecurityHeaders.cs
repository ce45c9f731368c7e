namespace ComplianceReview.App;

/// <summary>
/// Response headers on every answer, and the cross-origin guard for the Blazor circuit.
/// The Content-Security-Policy allows only this origin's scripts: Blazor Server needs no inline script and no eval
/// (unlike WebAssembly). MudBlazor sets inline <c>style</c> attributes, hence <c>style-src 'unsafe-inline'</c>;
/// styles cannot run code. The circuit's WebSocket is same-origin, covered by <c>connect-src 'self'</c>.
/// </summary>
public static class SecurityHeaders
{
    public static string ContentSecurityPolicy(string? identityProviderOrigin)
    {
        var formAction = identityProviderOrigin is null ? "'self'" : $"'self' {identityProviderOrigin}";
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
               $"connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action {formAction}";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? identityProviderOrigin)
    {
        var policy = ContentSecurityPolicy(identityProviderOrigin);
        return app.Use(async (context, next) =>
        {
            // A circuit opened from another site would act with the user's cookie: refuse foreign origins.
            if (context.Request.Path.StartsWithSegments("/_blazor") && !IsSameOrigin(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
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
