namespace ComplianceReview.App.Data;

public static class DataExtensions
{
    public static IHostApplicationBuilder AddComplianceData(this IHostApplicationBuilder builder) => builder;

    public static Task InitialiseDatabaseAsync(this WebApplication app) => Task.CompletedTask;
}
