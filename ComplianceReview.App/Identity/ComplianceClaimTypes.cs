namespace ComplianceReview.App.Identity;

/// <summary>
/// Claim types as Entra ID puts them in the id token. Inbound claim mapping is switched off, so the
/// principal carries these short names; development users are issued the same shape.
/// </summary>
public static class ComplianceClaimTypes
{
    public const string ObjectId = "oid";

    /// <summary>What <c>oid</c> becomes when a handler maps inbound claims; accepted so a mapping change cannot lock people out.</summary>
    public const string ObjectIdMapped = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public const string TenantId = "tid";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";
    public const string Roles = "roles";

    /// <summary>The id of the application an app-only token was issued to (see <see cref="ApplicationPrincipal"/>).</summary>
    public const string ApplicationId = "appid";

    /// <summary>The server-side session a principal was read from; added by the session store, never issued by Entra.</summary>
    public const string SessionId = "cr_sid";
}
