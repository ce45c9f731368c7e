using System.Security.Claims;

namespace ComplianceReview.App.Identity;

/// <summary>
/// A request portal calling the intake API with an OAuth 2.0 app-only token (client-credentials flow). The validated
/// token's claims are turned into a principal of this kind once, here: the application's id and name, its tenant, and of
/// its app roles only <see cref="Roles.ApplicationRoles"/>. A person's (delegated) token, one with a <c>scp</c> claim,
/// keeps no role at all, so it is refused (403) by every policy.
/// </summary>
public static class ApplicationPrincipal
{
    /// <summary>The authentication type of an application's identity; only <see cref="FromAccessToken"/> creates one.</summary>
    public const string AuthenticationType = "ComplianceReview.Application";

    /// <summary>Entra v2 (<c>azp</c>), Entra v1 (<c>appid</c>), RFC 9068 (<c>client_id</c>): the calling application's id.</summary>
    private static readonly string[] ApplicationIdClaims = ["azp", "appid", "client_id"];

    /// <summary>Entra v1 tokens name the application (<c>app_displayname</c>); otherwise its id stands for its name.</summary>
    private const string DisplayNameClaim = "app_displayname";

    /// <summary>Delegated tokens (a person signed in to a client app) carry their scopes here; app-only tokens never do.</summary>
    private const string ScopeClaim = "scp";

    /// <summary>The application's principal, or null when the token names no application.</summary>
    public static ClaimsPrincipal? FromAccessToken(ClaimsPrincipal token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var applicationId = ApplicationIdClaims.Select(type => token.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (applicationId is null) return null;
        var name = token.FindFirst(DisplayNameClaim)?.Value is { Length: > 0 } displayName ? displayName : applicationId;
        var appOnly = !token.HasClaim(c => c.Type == ScopeClaim);

        var identity = new ClaimsIdentity(AuthenticationType, ComplianceClaimTypes.Name, ComplianceClaimTypes.Roles);
        identity.AddClaim(new Claim(ComplianceClaimTypes.ApplicationId, applicationId));
        identity.AddClaim(new Claim(ComplianceClaimTypes.Name, name));
        if (token.FindFirst(ComplianceClaimTypes.TenantId)?.Value is { Length: > 0 } tenant) identity.AddClaim(new Claim(ComplianceClaimTypes.TenantId, tenant));
        if (appOnly)
        {
            foreach (var role in token.FindAll(ComplianceClaimTypes.Roles).Select(c => c.Value).Where(Roles.IsApplicationRole).Distinct(StringComparer.Ordinal))
                identity.AddClaim(new Claim(ComplianceClaimTypes.Roles, role));
        }
        return new ClaimsPrincipal(identity);
    }

    public static bool IsApplication(ClaimsPrincipal principal) =>
        principal.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AuthenticationType);

    /// <summary>
    /// Whether <paramref name="principal"/> holds <paramref name="role"/> in its own right: people's roles count only for
    /// people (a cookie), application roles only for applications (a bearer token). One rule, for policies and services.
    /// </summary>
    public static bool Holds(ClaimsPrincipal principal, string role)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identities.Any(identity => identity.IsAuthenticated
            && identity.HasClaim(identity.RoleClaimType, role)
            && Roles.IsApplicationRole(role) == (identity.AuthenticationType == AuthenticationType));
    }
}

/// <summary>
/// A policy requirement met when the caller holds one of <see cref="AllowedRoles"/> in its own right
/// (<see cref="ApplicationPrincipal.Holds"/>); its roles are named in refusal audit entries like a role requirement's.
/// </summary>
public sealed class HoldsOwnRoleRequirement(params string[] allowedRoles)
    : Microsoft.AspNetCore.Authorization.AuthorizationHandler<HoldsOwnRoleRequirement>, Microsoft.AspNetCore.Authorization.IAuthorizationRequirement
{
    public IReadOnlyList<string> AllowedRoles { get; } = allowedRoles;

    protected override Task HandleRequirementAsync(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context, HoldsOwnRoleRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.AllowedRoles.Any(role => ApplicationPrincipal.Holds(context.User, role))) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
