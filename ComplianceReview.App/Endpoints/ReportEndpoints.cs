using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceReview.App.Endpoints;

/// <summary>Downloads of the transparency report. Thin: the service builds, audits and checks access.</summary>
public static class ReportEndpoints
{
    public static WebApplication MapReportEndpoints(this WebApplication app)
    {
        app.MapGet("/reports/transparency.csv", CsvAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ForbidHttpResult>> CsvAsync(
        string? period, TransparencyReportService reports, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryParse(period, out var parsed))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["Give a half-year, for example ?period=2026-H2."] });
        try
        {
            var file = await reports.ExportCsvAsync(parsed, cancellationToken);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }
        catch (AccessDeniedException)
        {
            return TypedResults.Forbid();
        }
    }
}
