using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;

namespace ComplianceReview.App.Services.Audit;

/// <summary>The audit services' role check (see <see cref="AccessGuard"/>); the pages and endpoints carry <see cref="Policies.Audit"/> too.</summary>
public static class AuditAccess
{
    public static Task<UserRef> RequireAuditorAsync(this ICurrentUser currentUser, ComplianceWriter writer, string what,
        string? demandReference = null, CancellationToken cancellationToken = default) =>
        currentUser.RequireAnyRoleAsync(writer, what, demandReference, [Roles.Auditor], cancellationToken);
}
