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

    /// <summary>The roles the current user reads customer data in, for the demand's need-to-know rule.</summary>
    public static CustomerDataReader CustomerDataReaderOf(ICurrentUser currentUser) =>
        (currentUser.IsInRole(Roles.Reviewer) ? CustomerDataReader.Reviewer : CustomerDataReader.None)
        | (currentUser.IsInRole(Roles.LegalLead) ? CustomerDataReader.LegalLead : CustomerDataReader.None)
        | (currentUser.IsInRole(Roles.Auditor) ? CustomerDataReader.Auditor : CustomerDataReader.None);

    public static Task RecordRefusalAsync(ComplianceWriter writer, UserRef user, string what, string? demandReference, string why,
        CancellationToken cancellationToken = default) =>
        RecordRefusalAsync(writer, user, new Dictionary<string, string?> { ["attempted"] = what, ["requiredRole"] = why }, demandReference,
            cancellationToken);

    /// <summary>The one shape of an <c>AccessDenied</c> entry; the demand only when the reference parses (never arbitrary text).</summary>
    public static Task RecordRefusalAsync(ComplianceWriter writer, UserRef user, IReadOnlyDictionary<string, string?> details, string? demandReference,
        CancellationToken cancellationToken = default)
    {
        var reference = DemandReference.TryParse(demandReference, out var parsed) ? parsed.Value : null;
        return writer.RecordAsync(user, AuditActions.AccessDenied, reference, details, cancellationToken);
    }
}
