namespace ComplianceReview.App.Services;

public static class ServicesExtensions
{
    public static IHostApplicationBuilder AddComplianceServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<ComplianceWriter>();
        builder.Services.AddScoped<DemandService>();
        builder.Services.AddSingleton<Workload.ReviewerDirectory>();
        builder.Services.AddScoped<PackageService>();
        builder.Services.AddRequesterServices();
        builder.Services.AddSingleton<Data.IDemoPackageFinisher, Data.DemoPackageFinisher>();
        builder.Services.AddSingleton<DashboardQueries>();
        builder.Services.AddAuditServices(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<DemandQueue>();
        builder.Services.AddOptions<Reports.EmergencyOptions>().Bind(builder.Configuration.GetSection(Reports.EmergencyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Reports.PreservationOptions>().Bind(builder.Configuration.GetSection(Reports.PreservationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<Reports.TransparencyReportService>();
        builder.Services.AddSingleton<Reports.TrackQueries>();
        return builder;
    }
}
