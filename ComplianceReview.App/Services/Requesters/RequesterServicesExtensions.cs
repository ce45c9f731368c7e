using ComplianceReview.App.Email;
using ComplianceReview.App.Services.Requesters;

namespace ComplianceReview.App.Services;

public static class RequesterServicesExtensions
{
    /// <summary>The agency directory, the sender checks and call-backs, and e-mail intake.</summary>
    public static IServiceCollection AddRequesterServices(this IServiceCollection services)
    {
        services.AddScoped<AgencyDirectoryService>();
        services.AddScoped<RequesterVerification>();
        services.AddSingleton(new EmailIntakeLimits());
        services.AddSingleton<EmailMessageReader>();
        services.AddScoped<EmailIntakeService>();
        return services;
    }
}
