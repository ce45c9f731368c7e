using ComplianceReview.App.Endpoints;
using ComplianceReview.App.Services.Audit;
using Microsoft.AspNetCore.Authorization;

// In the parent namespace on purpose: ServicesExtensions registers the area with one line and no extra using.
namespace ComplianceReview.App.Services;

public static class AuditServicesExtensions
{
    /// <summary>The auditor's services: scoped, as each acts for the signed-in user.</summary>
    public static IServiceCollection AddAuditServices(this IServiceCollection services)
    {
        services.AddScoped<AuditVerificationService>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<AuditExportService>();
        // The audit downloads answer 403 to a signed-in user without the role (see ForbidWithStatusCode); other
        // endpoints keep the default. Registered last wins over AddAuthorization's TryAdd, whatever the order.
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbidWithStatusCodeResultHandler>();
        return services;
    }
}
