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
        // Pages get the not-found page; API and download answers switch it off (IStatusCodePagesFeature) to keep their status.
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.MapStaticAssets().AllowAnonymous();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery(); // after authentication: a signed-in user's form token is bound to that user
        return app;
    }
}
