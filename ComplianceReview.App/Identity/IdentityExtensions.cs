using Microsoft.AspNetCore.Authentication.Cookies;

namespace ComplianceReview.App.Identity;

public static class IdentityExtensions
{
    public static IHostApplicationBuilder AddComplianceIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication MapComplianceIdentityEndpoints(this WebApplication app) => app;
}
