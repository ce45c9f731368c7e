using System.Security.Cryptography.X509Certificates;

namespace ComplianceReview.App.Identity;

/// <summary>
/// The <c>AzureAd</c> section: one shape for Microsoft Entra ID and for any other OpenID Connect provider
/// (docs/decisions/0008). Entra is named by <see cref="Instance"/> and <see cref="TenantId"/>, which give the authority
/// <c>{Instance}{TenantId}/v2.0</c>; another provider by <see cref="Authority"/>, its issuer, which wins when set.
/// The key names are Microsoft.Identity.Web's, so an Entra configuration written for it keeps working.
/// </summary>
public sealed class OpenIdSettings
{
    public const string SectionName = "AzureAd";

    public string Instance { get; set; } = "https://login.microsoftonline.com/";
    public string? TenantId { get; set; }

    /// <summary>The issuer of any OpenID Connect provider (its discovery document is read from below it); wins over Instance/TenantId.</summary>
    public string? Authority { get; set; }

    /// <summary>The app's client id; set, it switches sign-in from the demo users to this provider.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Instead of a secret: a certificate the app proves itself with (a signed client assertion, RFC 7523).</summary>
    public List<ClientCertificateSettings> ClientCertificates { get; set; } = [];

    public string CallbackPath { get; set; } = "/signin-oidc";
    public string SignedOutCallbackPath { get; set; } = "/signout-callback-oidc";

    /// <summary>
    /// The audience intake tokens must be issued for: the API's application ID URI. Empty: <c>api://{ClientId}</c>
    /// (Entra's default URI); the client id itself is accepted too (Entra's v2 access tokens carry it).
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>False only for a provider on plain-http loopback (tests); refused in the Production environment.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The issuer the discovery document is read from.</summary>
    public string EffectiveAuthority
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(Authority)) return Authority.Trim().TrimEnd('/');
            if (string.IsNullOrWhiteSpace(TenantId))
                throw new InvalidOperationException("Set AzureAd:TenantId (Microsoft Entra ID) or AzureAd:Authority (another OpenID Connect provider).");
            return $"{Instance.Trim().TrimEnd('/')}/{TenantId.Trim()}/v2.0";
        }
    }

    /// <summary>The audiences an intake token may name.</summary>
    public IReadOnlyList<string> ValidAudiences =>
        [string.IsNullOrWhiteSpace(Audience) ? $"api://{ClientId}" : Audience.Trim(), ClientId!];

    /// <summary>The origin of the provider's pages (the sign-in and sign-out forms post there).</summary>
    public string ProviderOrigin => new Uri(EffectiveAuthority).GetLeftPart(UriPartial.Authority);

    /// <summary>The certificate to sign client assertions with, when one is configured instead of a secret.</summary>
    public X509Certificate2? LoadClientCertificate()
    {
        var description = ClientCertificates.FirstOrDefault();
        if (description is null) return null;
        if (!string.Equals(description.SourceType, "Path", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(description.CertificateDiskPath))
            throw new InvalidOperationException("AzureAd:ClientCertificates:0 must have SourceType \"Path\" and a CertificateDiskPath (a PFX file).");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(description.CertificateDiskPath, description.CertificatePassword);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The client certificate {description.CertificateDiskPath} has no private key.");
        return certificate;
    }
}

/// <summary>One entry of <c>AzureAd:ClientCertificates</c>, in Microsoft.Identity.Web's key names (only a PFX file is read).</summary>
public sealed class ClientCertificateSettings
{
    public string SourceType { get; set; } = "Path";
    public string? CertificateDiskPath { get; set; }
    public string? CertificatePassword { get; set; }
}
