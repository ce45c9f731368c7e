using System.Security.Claims;
using ComplianceReview.Domain.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace ComplianceReview.App.Identity;

/// <summary>
/// <see cref="ICurrentUser"/> for both places services run. In a Blazor circuit (and while prerendering) the
/// authentication state provider holds the user and <see cref="HttpContext"/> must not be trusted; in a plain
/// HTTP endpoint the provider was never given a state and the request's user is the one.
/// </summary>
internal sealed class CurrentUser(AuthenticationStateProvider stateProvider, IHttpContextAccessor httpContextAccessor)
    : ICurrentUser
{
    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public UserRef User
    {
        get
        {
            var principal = Principal;
            if (principal.Identity?.IsAuthenticated != true)
            {
                throw new AccessDeniedException("Nobody is signed in.");
            }
            var id = FindObjectId(principal)
                ?? throw new AccessDeniedException("The signed-in user has no stable object id (oid claim).");
            // An application is recorded by its application (client) id and name: the portal that registered a demand.
            return new UserRef(id, DisplayName(principal) ?? id);
        }
    }

    public bool IsInRole(string role) => ApplicationPrincipal.Holds(Principal, role);

    public bool IsApplication => ApplicationPrincipal.IsApplication(Principal);

    private ClaimsPrincipal Principal
    {
        get
        {
            if (stateProvider is RoleRevalidatingAuthenticationStateProvider ours)
            {
                if (ours.TryGetUser(out var circuitUser)) return circuitUser;
            }
            else if (TryGetFromOtherProvider(out var user))
            {
                return user;
            }
            return httpContextAccessor.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());
        }
    }

    // Any other provider (a test's, or a host that swapped ours out) answers synchronously or not at all.
    private bool TryGetFromOtherProvider(out ClaimsPrincipal user)
    {
        user = new ClaimsPrincipal(new ClaimsIdentity());
        try
        {
            var task = stateProvider.GetAuthenticationStateAsync();
            if (!task.IsCompletedSuccessfully) return false;
            user = task.Result.User;
            return true;
        }
        catch (InvalidOperationException)
        {
            // ServerAuthenticationStateProvider outside a circuit: no state was set for this scope.
            return false;
        }
    }

    /// <summary>A person's stable object id (<c>oid</c>), or an application's id (see <see cref="ApplicationPrincipal"/>).</summary>
    internal static string? FindObjectId(ClaimsPrincipal principal) =>
        ApplicationPrincipal.IsApplication(principal)
            ? NonEmpty(principal.FindFirst(ComplianceClaimTypes.ApplicationId)?.Value)
            : NonEmpty(principal.FindFirst(ComplianceClaimTypes.ObjectId)?.Value)
        ?? NonEmpty(principal.FindFirst(ComplianceClaimTypes.ObjectIdMapped)?.Value);

    internal static string? DisplayName(ClaimsPrincipal principal) =>
        NonEmpty(principal.FindFirst(ComplianceClaimTypes.Name)?.Value)
        ?? NonEmpty(principal.Identity?.Name)
        ?? NonEmpty(principal.FindFirst(ComplianceClaimTypes.PreferredUsername)?.Value);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
