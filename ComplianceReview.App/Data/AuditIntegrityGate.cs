using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceReview.App.Data;

/// <summary>
/// Set at startup from <see cref="AuditIntegrity"/>: while the database does not protect the audit table (a trigger dropped
/// or changed on SQLite, no ledger table on SQL Server) the app serves nothing. Every request is answered 503 and
/// <c>/health</c> is unhealthy with the reason; the log says what is missing. The app never re-creates the protection
/// itself: that would hide whatever was done while it was gone. Investigate, verify the trail, then restore it (a DBA runs
/// <see cref="AuditTriggers.SqliteUp"/>) and restart.
/// </summary>
public sealed class AuditIntegrityGate : IHealthCheck
{
    public const string RefusedMessage = "The audit trail is not protected by the database; the app refuses to serve. See the log.";

    private volatile IReadOnlyList<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public bool Refuses => _problems.Count > 0;

    public void Refuse(IReadOnlyList<string> problems) => _problems = problems;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Refuses ? HealthCheckResult.Unhealthy(string.Join(" ", _problems)) : HealthCheckResult.Healthy());
}

public static class AuditIntegrityGateExtensions
{
    /// <summary>First in the pipeline: 503 for everything but <c>/health</c> (which reports why) while the gate refuses.</summary>
    public static IApplicationBuilder UseAuditIntegrityGate(this IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<AuditIntegrityGate>();
        return app.Use((context, next) =>
        {
            if (!gate.Refuses || context.Request.Path.StartsWithSegments("/health")) return next(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(AuditIntegrityGate.RefusedMessage, context.RequestAborted);
        });
    }
}
