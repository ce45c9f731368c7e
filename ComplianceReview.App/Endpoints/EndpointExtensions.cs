namespace ComplianceReview.App.Endpoints;

public static class EndpointExtensions
{
    public static WebApplication MapComplianceEndpoints(this WebApplication app) => app;
}
