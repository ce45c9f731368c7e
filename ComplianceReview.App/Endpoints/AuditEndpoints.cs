using System.Globalization;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Audit;

namespace ComplianceReview.App.Endpoints;

/// <summary>
/// Auditor downloads. Thin on purpose: the service checks the role again, records the export and produces the content;
/// here only the query is parsed and the response headers are set. All of them need <see cref="Policies.Audit"/>,
/// the case record too (auditors export records; reviewers and legal leads work on the demand's page instead).
/// </summary>
public static class AuditEndpoints
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        var audit = app.MapGroup("/audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("/export.csv", ExportCsvAsync);
        return app;
    }

    private static async Task<IResult> ExportCsvAsync(string? from, string? to, AuditExportService exports, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (ParseRange(from, to) is not ({ } start, { } end, null)) return InvalidRange(from, to);
        try
        {
            var export = await exports.BeginAuditLogExportAsync(start, end, AuditExportFormat.Csv, cancellationToken);
            SetDownloadHeaders(http.Response);
            return Results.Stream(stream => exports.WriteCsvAsync(export, stream, cancellationToken), CsvContentType, export.FileName);
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            return refusal;
        }
    }

    /// <summary>Both dates required, ISO <c>yyyy-MM-dd</c>.</summary>
    internal static (DateOnly? From, DateOnly? To, string? Problem) ParseRange(string? from, string? to)
    {
        static DateOnly? Parse(string? text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        var start = Parse(from);
        var end = Parse(to);
        if (start is null || end is null) return (start, end, "Give 'from' and 'to' as ISO dates (yyyy-MM-dd).");
        return end < start ? (start, end, "'to' is before 'from'.") : (start, end, null);
    }

    private static IResult InvalidRange(string? from, string? to) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["range"] = [ParseRange(from, to).Problem!] },
            title: "The export was not made.");

    /// <summary>Downloads are files, never rendered by the browser, never kept in a cache.</summary>
    internal static void SetDownloadHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
    }

    private static IResult? Refusal(Exception e) => e switch
    {
        AccessDeniedException => Results.Forbid(),
        ExportRefusedException refused => Results.ValidationProblem(new Dictionary<string, string[]> { ["range"] = [refused.Message] },
            title: "The export was not made."),
        Services.DemandNotFoundException => Results.NotFound(),
        _ => null,
    };
}
