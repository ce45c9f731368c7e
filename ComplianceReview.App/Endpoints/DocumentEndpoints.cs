using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ComplianceReview.App.Endpoints;

/// <summary>The order document as received, for people who may see demands. Every download is audited.</summary>
public static class DocumentEndpoints
{
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

        await writer.RecordAsync(currentUser.User, AuditActions.OrderDocumentDownloaded, demand.Reference.Value,
            new Dictionary<string, string?> { ["sha256"] = order.Sha256, ["fileName"] = order.FileName }, cancellationToken);

        DownloadHeaders.Apply(http.Response);
        // The stored name was made safe at intake; clean it again so a header can never carry anything else.
        return Results.File(stored.Content, "application/pdf", fileDownloadName: DemandService.SafeFileName(order.FileName));
    }
}
