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
        app.MapGet("/reports/transparency.csv", (string? period, TransparencyReportService reports, HttpContext http, CancellationToken cancellationToken) =>
            DownloadAsync(period, http, p => reports.ExportCsvAsync(p, cancellationToken))).RequireAuthorization();
        app.MapGet("/reports/transparency.pdf", (string? period, TransparencyReportService reports, HttpContext http, CancellationToken cancellationToken) =>
            DownloadAsync(period, http, p => reports.ExportPdfAsync(p, cancellationToken))).RequireAuthorization();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ForbidHttpResult>> DownloadAsync(
        string? period, HttpContext http, Func<ReportPeriod, Task<ReportFile>> export)
    {
        if (!ReportPeriod.TryParse(period, out var parsed))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["Give a half-year, for example ?period=2026-H2."] });
        try
        {
            var file = await export(parsed);
            DownloadHeaders.Apply(http.Response); // like every download: not sniffed, not cached
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }
        catch (AccessDeniedException)
        {
            return TypedResults.Forbid();
        }
    }
}
