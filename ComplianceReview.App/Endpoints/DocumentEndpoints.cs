using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ComplianceReview.App.Endpoints;

/// <summary>The order document as received, for people who may see demands. Every download is audited.</summary>
public static class DocumentEndpoints
{
    /// <summary>
    /// The query parameter (<c>?acknowledge=active-content</c>) that says the user saw the warning about an order document's
    /// active content; without it such a document is not served. The demand page's link carries it, beside the warning.
    /// </summary>
    public const string AcknowledgeParameter = "acknowledge";

    public const string AcknowledgeActiveContent = "active-content";

    public static string OrderDocumentPath(string reference, bool hasActiveContent) =>
        $"/demands/{Uri.EscapeDataString(reference)}/order.pdf" + (hasActiveContent ? $"?{AcknowledgeParameter}={AcknowledgeActiveContent}" : "");

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/demands/{reference}/order.pdf", DownloadOrderAsync).RequireAuthorization(Policies.ViewDemands)
            .WithMetadata(ForbidWithStatusCode.Instance);
        app.MapGet("/demands/{reference}/package.pdf", DownloadPackageAsync).RequireAuthorization(Policies.ViewDemands)
            .WithMetadata(ForbidWithStatusCode.Instance);
        return app;
    }

    private static async Task<IResult> DownloadPackageAsync(string reference, HttpContext http, PackageService packages, CancellationToken cancellationToken)
    {
        try
        {
            var file = await packages.DownloadAsync(reference, cancellationToken);
            DownloadHeaders.Apply(http.Response);
            return Results.File(file.Content, "application/pdf", fileDownloadName: file.FileName);
        }
        catch (DemandNotFoundException)
        {
            return Results.NotFound();
        }
        catch (AccessDeniedException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
    }


    private static async Task<IResult> DownloadOrderAsync(string reference, HttpContext http, DemandService demands,
        IDbContextFactory<ComplianceDbContext> contexts, ComplianceWriter writer, ICurrentUser currentUser, CancellationToken cancellationToken)
    {
        var demand = await demands.FindAsync(reference, cancellationToken);
        if (demand?.OrderDocument is not { } order) return Results.NotFound();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Sha256 == order.Sha256, cancellationToken);
        if (stored is null) return Results.NotFound();

        // A document with active content is served only to someone who saw the warning, and as bytes to save, not a PDF for
        // the browser's viewer to open (docs/decisions/0007-hostile-order-documents.md).
        if (order.HasActiveContent && http.Request.Query[AcknowledgeParameter] != AcknowledgeActiveContent)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The order document contains active content.",
                detail: $"It contains {order.ActiveContent.Describe()}. Download it from the demand page, after its warning, or add " +
                        $"?{AcknowledgeParameter}={AcknowledgeActiveContent} to the address. Open it only in a viewer with scripts and attachments turned off.");
        }

        var details = new Dictionary<string, string?> { ["sha256"] = order.Sha256, ["fileName"] = order.FileName };
        if (order.HasActiveContent) details["activeContent"] = order.ActiveContent.ToString();
        await writer.RecordAsync(currentUser.User, AuditActions.OrderDocumentDownloaded, demand.Reference.Value, details, cancellationToken);

        DownloadHeaders.Apply(http.Response);
        // The stored name was made safe at intake; clean it again so a header can never carry anything else. The stored bytes
        // are served unchanged (their SHA-256 is the one recorded at intake), always as an attachment.
        return Results.File(stored.Content, order.HasActiveContent ? "application/octet-stream" : "application/pdf",
            fileDownloadName: DemandService.SafeFileName(order.FileName));
    }
}
