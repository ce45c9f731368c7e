using ComplianceReview.App.Identity;

namespace ComplianceReview.App.Endpoints;

public static class EndpointExtensions
{
    public static WebApplication MapComplianceEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapGroup("/api").RequireAuthorization(Policies.RegisterDemands).MapDemandApi();
        app.MapReportEndpoints();
        // Downloads and exports (package, order document, case record, audit log) are mapped below, one line per area.
        app.MapAuditEndpoints();
        app.MapDocumentEndpoints();
        return app;
    }
}
