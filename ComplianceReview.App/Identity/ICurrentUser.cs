using ComplianceReview.Domain.Common;

namespace ComplianceReview.App.Identity;

/// <summary>The signed-in person (or calling application), as services see them: stable id, display name and roles.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The stable object id (Entra <c>oid</c>) and display name. Throws when nobody is signed in.</summary>
    UserRef User { get; }

    bool IsInRole(string role);

    /// <summary>True when the caller is an application (a request portal's app-only token), not a person.</summary>
    bool IsApplication => false;
}

/// <summary>Thrown by a service when the caller's role does not allow the action (maps to 403).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
