using MudBlazor.Services;

namespace ComplianceReview.App;

public static class UiExtensions
{
    public static IHostApplicationBuilder AddComplianceUi(this IHostApplicationBuilder builder)
    {
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
        var entra = string.IsNullOrWhiteSpace(app.Configuration["AzureAd:ClientId"]) ? null
            : new Uri(app.Configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").GetLeftPart(UriPartial.Authority);
        app.UseSecurityHeaders(entra);
        // Pages get the not-found page; API callers get the bare status code (and its problem body, if any).
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found"));
        app.MapStaticAssets().AllowAnonymous();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery(); // after authentication: a signed-in user's form token is bound to that user
        return app;
    }
}
