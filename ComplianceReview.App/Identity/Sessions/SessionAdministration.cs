using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.App.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Identity.Sessions;

/// <summary>A user's open sessions, as an administrator sees them (never the ticket).</summary>
public sealed record OpenSessions(string UserId, string UserName, int Count, DateTimeOffset FirstSignedInAt, DateTimeOffset LastSeenAt);

/// <summary>
/// The administrator's view of who is signed in, and "end this user's sessions": every open session of the user ends at
/// once (the next request on any instance is refused, every circuit within its revalidation interval), audited in the
/// same transaction. Administrators only, checked here as everywhere.
/// </summary>
public sealed class SessionAdministration(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    TimeProvider time,
    IOptions<ComplianceIdentityOptions> options)
{
    private static readonly string[] Administrators = [Roles.Admin];

    public async Task<IReadOnlyList<OpenSessions>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAnyRoleAsync(writer, "see who is signed in", null, Administrators, cancellationToken);
        var now = time.GetUtcNow();
        var seenSince = now - options.Value.SessionIdleTimeout;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await Open(db, now, seenSince).Select(s => new { s.UserId, s.UserName, s.CreatedAt, s.LastSeenAt }).ToListAsync(cancellationToken);
        return open.GroupBy(s => s.UserId, StringComparer.Ordinal)
            .Select(g => new OpenSessions(g.Key, g.OrderByDescending(s => s.LastSeenAt).First().UserName, g.Count(),
                g.Min(s => s.CreatedAt), g.Max(s => s.LastSeenAt)))
            .OrderBy(s => s.UserName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Ends every open session of <paramref name="userId"/>; returns how many there were.</summary>
    public async Task<int> EndSessionsOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var administrator = await currentUser.RequireAnyRoleAsync(writer, "end a user's sessions", null, Administrators, cancellationToken);
        var now = time.GetUtcNow();
        return await writer.WriteAsync(async db =>
        {
            var ended = await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, SessionEndReasons.EndedByAdministrator),
                    cancellationToken);
            await writer.Audit.AppendAsync(db, administrator, AuditActions.SessionsEnded, null, new Dictionary<string, string?>
            {
                ["userId"] = userId,
                ["sessions"] = ended.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
            return ended;
        }, cancellationToken);
    }

    /// <summary>Sessions that would let a request in now: not ended, not expired, not idle.</summary>
    private static IQueryable<UserSession> Open(ComplianceDbContext db, DateTimeOffset now, DateTimeOffset seenSince) =>
        db.Sessions.AsNoTracking().Where(s => s.EndedAt == null && s.ExpiresAt > now && s.LastSeenAt > seenSince);
}
