using ComplianceReview.App.Endpoints;
using ComplianceReview.App.Services.Audit;
using Microsoft.AspNetCore.Authorization;

// In the parent namespace on purpose: ServicesExtensions registers the area with one line and no extra using.
namespace ComplianceReview.App.Services;

public static class AuditServicesExtensions
{
    /// <summary>
    /// The trail's keys and digest store (singletons, from <see cref="AuditOptions"/>; the app refuses to start without a
    /// key), and the auditor's services: scoped, as each acts for the signed-in user.
    /// </summary>
    public static IServiceCollection AddAuditServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(AuditOptions.Section);
        var options = section.Get<AuditOptions>() ?? new AuditOptions();
        services.AddOptions<AuditOptions>().Bind(section)
            .Validate(o => o.CheckpointEvery > 0, "Audit:CheckpointEvery must be positive.")
            .Validate(o => o.CheckpointInterval > TimeSpan.Zero, "Audit:CheckpointInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton(options.BuildKeyRing());
        services.AddSingleton<IAuditCheckpointStore>(new FolderCheckpointStore(Data.DataExtensions.ResolvePath(environment.ContentRootPath, options.CheckpointPath)));
        services.AddSingleton<AuditCheckpoints>();
        services.AddHostedService<AuditCheckpointTimer>();

        services.AddScoped<AuditVerificationService>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<AuditExportService>();
        return services;
    }
}
