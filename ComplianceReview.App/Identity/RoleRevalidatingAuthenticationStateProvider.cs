using System.Security.Claims;
using ComplianceReview.App.Identity.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Identity;

/// <summary>
/// The circuit's authentication state. Every <see cref="ComplianceIdentityOptions.RevalidationInterval"/> it checks
/// that the circuit's session is still open (not signed out, ended by an administrator or expired, on any instance) and
/// that the user still holds every role they signed in with; if not, the circuit's user becomes anonymous (the router
/// then sends them to sign in again, which picks up their current roles), and a role removal ends the session itself.
/// </summary>
public sealed class RoleRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly TimeSpan _interval;
    private volatile Task<AuthenticationState>? _current;

    public RoleRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<ComplianceIdentityOptions> options)
        : base(loggerFactory)
    {
        _scopeFactory = scopeFactory;
        _interval = options.Value.RevalidationInterval;
        // SetAuthenticationState and the forced sign-out both raise this event; remembering the task lets
        // CurrentUser read the state synchronously without the "called before SetAuthenticationState" exception.
        AuthenticationStateChanged += task => _current = task;
    }

    protected override TimeSpan RevalidationInterval => _interval;

    /// <summary>The user of this circuit (or prerendering request), when the host has set one.</summary>
    internal bool TryGetUser(out ClaimsPrincipal user)
    {
        if (_current is { IsCompletedSuccessfully: true } task)
        {
            user = task.Result.User;
            return true;
        }
        user = new ClaimsPrincipal(new ClaimsIdentity());
        return false;
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A fresh scope: the role source may be scoped (a database, an HTTP client), and the circuit scope lives for hours.
        await using var scope = _scopeFactory.CreateAsyncScope();
        var user = authenticationState.User;
        // Every principal the cookie handler hands out carries its session; one ended anywhere ends this circuit too.
        var sessionId = user.FindFirst(ComplianceClaimTypes.SessionId)?.Value;
        var sessions = scope.ServiceProvider.GetService<IUserSessions>();
        if (sessionId is not null && sessions is not null && !await sessions.IsOpenForCircuitAsync(sessionId, cancellationToken)) return false;

        var roleSource = scope.ServiceProvider.GetRequiredService<IUserRoleSource>();
        if (await StillHoldsSignInRolesAsync(user, roleSource, cancellationToken)) return true;
        if (sessionId is not null && sessions is not null) await sessions.EndAsync(sessionId, SessionEndReasons.RoleRemoved, cancellationToken);
        return false;
    }

    internal static async Task<bool> StillHoldsSignInRolesAsync(
        ClaimsPrincipal user, IUserRoleSource roleSource, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true) return true;

        var userId = CurrentUser.FindObjectId(user);
        if (userId is null) return false;

        var currentRoles = await roleSource.GetCurrentRolesAsync(userId, cancellationToken);
        if (currentRoles is null) return true;

        // Only removals matter: a role granted since sign-in is picked up at the next sign-in.
        return SignInRoles(user).All(role => currentRoles.Contains(role, StringComparer.Ordinal));
    }

    private static IEnumerable<string> SignInRoles(ClaimsPrincipal user) =>
        user.Identities.SelectMany(identity => identity.FindAll(identity.RoleClaimType)).Select(claim => claim.Value);
}
