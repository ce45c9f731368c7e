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

    /// <summary>How often a circuit re-checks that its user still holds the roles they signed in with.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>How people sign in to this instance; decided once at startup from configuration.</summary>
public enum SignInMode
{
    /// <summary>Microsoft Entra ID through Microsoft.Identity.Web (<c>AzureAd:ClientId</c> is set).</summary>
    Entra,

    /// <summary>A cookie issued by the development sign-in page for one of the demo users.</summary>
    Development,
}
