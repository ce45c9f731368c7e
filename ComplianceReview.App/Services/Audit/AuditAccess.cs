using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// The audit services' role check, in the service and not only on the page (the endpoints and pages carry
/// <see cref="Policies.Audit"/> too). A refusal is itself audited, as in <see cref="DemandService"/>.
/// </summary>
public static class AuditAccess
{
    public static async Task<UserRef> RequireAuditorAsync(this ICurrentUser currentUser, ComplianceWriter writer, string what,
        string? demandReference = null, CancellationToken cancellationToken = default)
    {
        if (!currentUser.IsAuthenticated) throw new AccessDeniedException("Sign in first.");
        var user = currentUser.User;
        if (currentUser.IsInRole(Roles.Auditor)) return user;
        var reference = DemandReference.TryParse(demandReference, out var parsed) ? parsed.Value : null;
        await writer.RecordAsync(user, AuditActions.AccessDenied, reference,
            new Dictionary<string, string?> { ["attempted"] = what, ["requiredRole"] = Roles.Auditor }, cancellationToken);
        throw new AccessDeniedException($"Your role does not allow you to {what}; that needs {Roles.Display(Roles.Auditor)}.");
    }
}
