using System.Globalization;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ComplianceReview.App.Endpoints;

/// <summary>
/// Auditor downloads. Thin on purpose: the service checks the role again, records the export and produces the content;
/// here only the query is parsed, the PDF rendered and the response headers set. All of them need
/// <see cref="Policies.Audit"/>, the case record too (auditors export records; reviewers and legal leads work on the
/// demand's page instead). A signed-in user without the role gets 403, not the access-denied page: these are files.
/// </summary>
public static class AuditEndpoints
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string PdfContentType = "application/pdf";

    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        var audit = app.MapGroup("/audit").RequireAuthorization(Policies.Audit).WithMetadata(ForbidWithStatusCode.Instance);
        audit.MapGet("/export.csv", ExportCsvAsync);
        audit.MapGet("/export.pdf", ExportPdfAsync);
        app.MapGet("/demands/{reference}/record.pdf", ExportCaseRecordAsync)
            .RequireAuthorization(Policies.Audit).WithMetadata(ForbidWithStatusCode.Instance);
        return app;
    }

    private static async Task<IResult> ExportCsvAsync(string? from, string? to, AuditExportService exports, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (ParseRange(from, to) is not ({ } start, { } end, null)) return InvalidRange(from, to);
        try
        {
            var export = await exports.BeginAuditLogExportAsync(start, end, AuditExportFormat.Csv, cancellationToken);
            DownloadHeaders.Apply(http.Response);
            return Results.Stream(stream => exports.WriteCsvAsync(export, stream, cancellationToken), CsvContentType, export.FileName);
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            return refusal;
        }
    }

    private static async Task<IResult> ExportPdfAsync(string? from, string? to, AuditExportService exports, RecordPdfRenderer renderer,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (ParseRange(from, to) is not ({ } start, { } end, null)) return InvalidRange(from, to);
        try
        {
            // Recorded first (the service's order), then built up to that entry and rendered.
            var export = await exports.BeginAuditLogExportAsync(start, end, AuditExportFormat.Pdf, cancellationToken);
            var document = await exports.BuildAuditLogDocumentAsync(export, cancellationToken);
            var pdf = await renderer.RenderAsync(document, cancellationToken);
            DownloadHeaders.Apply(http.Response);
            return Results.File(pdf, PdfContentType, export.FileName);
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            return refusal;
        }
    }

    private static async Task<IResult> ExportCaseRecordAsync(string reference, AuditExportService exports, RecordPdfRenderer renderer,
        HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var document = await exports.ExportCaseRecordAsync(reference, cancellationToken);
            var pdf = await renderer.RenderAsync(document, cancellationToken);
            DownloadHeaders.Apply(http.Response);
            return Results.File(pdf, PdfContentType, CaseRecordFileName(reference));
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            return refusal;
        }
    }

    /// <summary>The canonical reference when it parses (it did, or the export would have been refused), made safe either way.</summary>
    internal static string CaseRecordFileName(string reference) => AuditExportText.SafeFileName(
        $"case-record_{(DemandReference.TryParse(reference, out var parsed) ? parsed.Value : reference)}.pdf");

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

    // Results.Forbid() would go through the cookie handler, which redirects to the access-denied page.
    private static IResult? Refusal(Exception e) => e switch
    {
        AccessDeniedException => Results.StatusCode(StatusCodes.Status403Forbidden),
        ExportRefusedException refused => Results.ValidationProblem(new Dictionary<string, string[]> { ["range"] = [refused.Message] },
            title: "The export was not made."),
        Services.DemandNotFoundException => Results.NotFound(),
        _ => null,
    };
}
