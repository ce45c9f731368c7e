using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Services;

/// <summary>
/// The role check every service makes itself (pages and endpoints carry policies too, but hiding a button is not
/// security). A refusal is audited before <see cref="AccessDeniedException"/> is thrown.
/// </summary>
public static class AccessGuard
{
    public static async Task<UserRef> RequireAnyRoleAsync(this ICurrentUser currentUser, ComplianceWriter writer, string what,
        string? demandReference, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        if (!currentUser.IsAuthenticated) throw new AccessDeniedException("Sign in first.");
        var user = currentUser.User;
        if (roles.Any(currentUser.IsInRole)) return user;
        await RecordRefusalAsync(writer, user, what, demandReference, string.Join(" or ", roles), cancellationToken);
        throw new AccessDeniedException($"Your role does not allow you to {what}; that needs {string.Join(" or ", roles.Select(Roles.Display))}.");
    }

    public static Task RecordRefusalAsync(ComplianceWriter writer, UserRef user, string what, string? demandReference, string why,
        CancellationToken cancellationToken = default)
    {
        var reference = DemandReference.TryParse(demandReference, out var parsed) ? parsed.Value : null;
        return writer.RecordAsync(user, AuditActions.AccessDenied, reference,
            new Dictionary<string, string?> { ["attempted"] = what, ["requiredRole"] = why }, cancellationToken);
    }
}
