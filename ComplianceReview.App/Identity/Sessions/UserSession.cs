namespace ComplianceReview.App.Identity.Sessions;

/// <summary>
/// One signed-in session, kept server-side: the cookie carries only its id (protected by Data Protection), the ticket with
/// the user's claims stays here, protected too, so the database alone neither reveals nor forges one. A session ends when
/// it is signed out, its roles are taken away, an administrator ends it, it is idle too long or it reaches its absolute
/// lifetime; every instance on the database sees that at the next request and every circuit at its next revalidation.
/// </summary>
public sealed class UserSession
{
    public const int IdLength = 64;
    public const int MaxEndReasonLength = 64;

    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The absolute end: <see cref="CreatedAt"/> plus the configured lifetime, whatever the activity.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }

    /// <summary>The authentication ticket, serialized and protected with the Data Protection key ring.</summary>
    public required byte[] Ticket { get; set; }
}

/// <summary>Why a session ended; stable strings, stored with it.</summary>
public static class SessionEndReasons
{
    public const string SignedOut = "signed out";
    public const string RoleRemoved = "role removed";
    public const string EndedByAdministrator = "ended by an administrator";
}
