namespace ComplianceReview.App.Identity;

/// <summary>The <c>Identity</c> configuration section.</summary>
public sealed class ComplianceIdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>
    /// Offers the demo users of <see cref="DemoUsers"/> at <c>/signin/dev</c> when no Entra client id is configured.
    /// On only in appsettings.Development.json; another environment needs it set explicitly and logs a warning on every
    /// start; refused at startup in the Production environment.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>
    /// How often a circuit re-checks that its session is still open and its user still holds the roles they signed in
    /// with: the longest a circuit goes on after a sign-out elsewhere, a role removal or an administrator ending it.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A session ends this long after sign-in, however active (<c>Identity:SessionLifetime</c>).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// A session ends when no request has used it for this long (<c>Identity:SessionIdleTimeout</c>). An open circuit
    /// counts as use: it keeps its session alive (up to <see cref="SessionLifetime"/>) while the browser stays connected.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A page's or endpoint's refusal of a signed-in user is audited at most once per user and endpoint in this window
    /// (<c>Identity:RefusalAuditWindow</c>); the refusals in between are counted on the next entry.
    /// </summary>
    public TimeSpan RefusalAuditWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>How people sign in to this instance; decided once at startup from configuration.</summary>
public enum SignInMode
{
    /// <summary>Microsoft Entra ID or another OpenID Connect provider (<c>AzureAd:ClientId</c> is set; docs/decisions/0008).</summary>
    Entra,

    /// <summary>A cookie issued by the development sign-in page for one of the demo users.</summary>
    Development,
}
