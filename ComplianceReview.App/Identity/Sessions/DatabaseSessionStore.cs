using System.Security.Claims;
using System.Security.Cryptography;
using ComplianceReview.App.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Identity.Sessions;

/// <summary>What circuits and administrators ask of the sessions.</summary>
public interface IUserSessions
{
    /// <summary>
    /// True while the session is neither ended nor past its absolute lifetime. Asked by a live circuit, which counts as
    /// use: the session's last-seen time moves on, so the browser's next request is not refused as idle.
    /// </summary>
    Task<bool> IsOpenForCircuitAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends the session at once, for every instance on the database; a session already ended keeps its reason.</summary>
    Task EndAsync(string sessionId, string reason, CancellationToken cancellationToken);
}

/// <summary>
/// The cookie handler's <see cref="ITicketStore"/>: tickets live in the <c>Sessions</c> table, the cookie holds the
/// session id. Every request reads the row (and refuses an ended, idle or expired session); the row's last-seen time is
/// written at most once per <see cref="TouchInterval"/>. The stored ticket is protected with the Data Protection key ring,
/// so someone who can write the table cannot put a principal of their own into it.
/// </summary>
public sealed class DatabaseSessionStore(
    IDbContextFactory<ComplianceDbContext> contexts,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    IOptions<ComplianceIdentityOptions> options) : ITicketStore, IUserSessions
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("ComplianceReview.Sessions.Ticket", "v1");

    private TimeSpan Lifetime => options.Value.SessionLifetime;
    private TimeSpan IdleTimeout => options.Value.SessionIdleTimeout;

    /// <summary>How stale the stored last-seen time may get: a minute, or a quarter of a short idle timeout.</summary>
    private TimeSpan TouchInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, IdleTimeout.Ticks / 4));

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var principal = ticket.Principal;
        var userId = CurrentUser.FindObjectId(principal) ?? throw new InvalidOperationException("A session needs a user with an object id (oid).");
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(UserSession.IdLength / 2)),
            UserId = userId,
            UserName = Truncate(CurrentUser.DisplayName(principal) ?? userId, Domain.Common.UserRef.MaxNameLength),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Lifetime,
            Ticket = Protect(ticket),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var protectedTicket = Protect(ticket);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An ended session stays ended: renewing never reopens it.
        await db.Sessions.Where(s => s.Id == key && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, protectedTicket).SetProperty(x => x.LastSeenAt, now), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == key, cancellationToken);
        if (session is null || !IsOpen(session, now) || now - session.LastSeenAt >= IdleTimeout) return null;
        if (now - session.LastSeenAt >= TouchInterval) await TouchAsync(db, key, now, cancellationToken);
        return Unprotect(session);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => EndAsync(key, SessionEndReasons.SignedOut, cancellationToken);

    public async Task<bool> IsOpenForCircuitAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || !IsOpen(session, now)) return false;
        if (now - session.LastSeenAt >= TouchInterval) await TouchAsync(db, sessionId, now, cancellationToken);
        return true;
    }

    public async Task EndAsync(string sessionId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, reason), cancellationToken);
    }

    /// <summary>The user's newest open session and its ticket (for <see cref="ProviderRoleSource"/>), or null when none is open.</summary>
    public async Task<(string Id, AuthenticationTicket Ticket)?> FindNewestOpenAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Sessions.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        var newest = open.Where(s => IsOpen(s, now)).OrderByDescending(s => s.CreatedAt).FirstOrDefault();
        return newest is not null && Unprotect(newest) is { } ticket ? (newest.Id, ticket) : null;
    }

    /// <summary>Stores a changed ticket (a rotated refresh token) without counting it as use of the session.</summary>
    public async Task ReplaceTicketAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var protectedTicket = Protect(ticket);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.Id == key && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, protectedTicket), cancellationToken);
    }

    private static bool IsOpen(UserSession session, DateTimeOffset now) => session.EndedAt is null && now < session.ExpiresAt;

    private static Task TouchAsync(ComplianceDbContext db, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Sessions.Where(s => s.Id == key && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(WithoutSessionClaim(ticket)));

    /// <summary>The stored ticket with the session's id as a claim, so circuits can ask about their session later.</summary>
    private AuthenticationTicket? Unprotect(UserSession session)
    {
        byte[] bytes;
        try
        {
            bytes = _protector.Unprotect(session.Ticket);
        }
        catch (CryptographicException)
        {
            return null; // written with a key this ring does not hold, or not by the app at all
        }
        if (TicketSerializer.Default.Deserialize(bytes) is not { } ticket) return null;
        if (ticket.Principal.Identity is ClaimsIdentity identity)
            identity.AddClaim(new Claim(ComplianceClaimTypes.SessionId, session.Id, ClaimValueTypes.String, CookieAuthenticationDefaults.AuthenticationScheme));
        return ticket;
    }

    private static AuthenticationTicket WithoutSessionClaim(AuthenticationTicket ticket)
    {
        foreach (var identity in ticket.Principal.Identities)
        {
            foreach (var claim in identity.FindAll(ComplianceClaimTypes.SessionId).ToList()) identity.TryRemoveClaim(claim);
        }
        return ticket;
    }

    private static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;
}
