using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;

namespace ComplianceReview.App;

public static class UiExtensions
{
    internal const string ProductionNeedsAllowedHosts =
        "In the Production environment AllowedHosts must name the host names the app is reached by (for example " +
        "\"compliance.contoso.com\"), not \"*\": redirects and sign-in addresses are built from the Host header, which a " +
        "caller can set to anything.";

    public static IHostApplicationBuilder AddComplianceUi(this IHostApplicationBuilder builder)
    {
        // Host filtering (ASP.NET Core's, from AllowedHosts) answers 400 to any other Host before the app sees it.
        if (builder.Environment.IsProduction() && builder.Configuration["AllowedHosts"] is null or "" or "*")
            throw new InvalidOperationException(ProductionNeedsAllowedHosts);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(options =>
            options.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseComplianceHttpPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        var entra = app.Services.GetService<OpenIdSettings>()?.ProviderOrigin; // the provider's sign-in and sign-out forms
        app.UseSecurityHeaders(entra);
        app.UseAuditIntegrityGate(); // nothing is served while the audit table is unprotected (Data/AuditIntegrityGate)
        // Pages get the not-found page; API and download answers switch it off (IStatusCodePagesFeature) to keep their status.
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.Use(KeepStatusCodesOfNonPageRequests);
        app.MapStaticAssets().AllowAnonymous();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery(); // after authentication: a signed-in user's form token is bound to that user
        return app;
    }

    /// <summary>
    /// The not-found page is for people navigating. Re-executing anything else replays its method against the page: a
    /// 401 or 403 from the JSON API (POST) came back as the page's "400 incorrect Content-Type", and a 413 or 415 was lost.
    /// </summary>
    private static Task KeepStatusCodesOfNonPageRequests(HttpContext context, RequestDelegate next)
    {
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || context.Request.Path.StartsWithSegments("/api")
            || context.Request.Path.StartsWithSegments("/_blazor"))
        {
            StatusCodeAnswer.KeepBare(context);
        }
        return next(context);
    }
}
