using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;

namespace ComplianceReview.App.Services.Reports;

/// <summary>The role check of the report services: refuses (and audits the refusal) unless the user holds a role.</summary>
public sealed class ReportAccess(ICurrentUser currentUser, ComplianceWriter writer)
{
    public UserRef RequireSignedIn()
    {
        if (!currentUser.IsAuthenticated) throw new AccessDeniedException("Sign in first.");
        return currentUser.User;
    }

    public async Task<UserRef> RequireAnyRoleAsync(string what, CancellationToken cancellationToken, params string[] roles)
    {
        var user = RequireSignedIn();
        if (roles.Any(currentUser.IsInRole)) return user;
        await writer.RecordAsync(user, AuditActions.AccessDenied, null,
            new Dictionary<string, string?> { ["attempted"] = what, ["requiredRole"] = string.Join(" or ", roles) }, cancellationToken);
        throw new AccessDeniedException($"Your role does not allow you to {what}; that needs {string.Join(" or ", roles.Select(Roles.Display))}.");
    }

    public bool IsInRole(string role) => currentUser.IsAuthenticated && currentUser.IsInRole(role);
}
