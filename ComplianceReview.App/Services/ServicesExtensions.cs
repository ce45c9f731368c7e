namespace ComplianceReview.App.Services;

public static class ServicesExtensions
{
    public static IHostApplicationBuilder AddComplianceServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<ComplianceWriter>();
        builder.Services.AddScoped<DemandService>();
        builder.Services.AddScoped<PackageService>();
        builder.Services.AddSingleton<Data.IDemoPackageFinisher, Data.DemoPackageFinisher>();
        builder.Services.AddSingleton<DashboardQueries>();
        builder.Services.AddAuditServices();
        builder.Services.AddSingleton<DemandQueue>();
        return builder;
    }
}
