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
        return services;
    }
}
