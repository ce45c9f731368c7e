namespace ComplianceReview.App.Identity;

/// <summary>
/// Where a signed-in user's roles can be looked up again while their circuit lives, so a role taken away
/// ends the session within <see cref="ComplianceIdentityOptions.RevalidationInterval"/> instead of at cookie expiry.
/// Also asked on every request that carries the auth cookie, so keep it cheap (cache what you fetch).
/// </summary>
public interface IUserRoleSource
{
    /// <summary>
    /// The roles the user holds now, or <c>null</c> when this source cannot tell; the roles from sign-in
    /// are then trusted until the session ends.
    /// </summary>
    Task<IReadOnlyCollection<string>?> GetCurrentRolesAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Development users: their roles are whatever the demo-user list says now; a user no longer listed holds none.</summary>
public sealed class DemoUserRoleSource(DemoUserDirectory directory) : IUserRoleSource
{
    public Task<IReadOnlyCollection<string>?> GetCurrentRolesAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<string>?>(directory.Find(userId)?.Roles ?? []);
}

/// <summary>
/// Entra default: app-role assignments are only read at sign-in (the <c>roles</c> claim), so this source
/// cannot tell and accepts. Replace it with one that asks Microsoft Graph for app-role assignments when
/// removals must take effect before the session ends.
/// </summary>
public sealed class SignInRolesSource : IUserRoleSource
{
    public Task<IReadOnlyCollection<string>?> GetCurrentRolesAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<string>?>(null);
}
