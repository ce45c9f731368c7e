using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceReview.App.Identity;

/// <summary>
/// How the app proves itself at the provider's token endpoint (redeeming a sign-in's code, refreshing a session's roles):
/// the client secret, or a client assertion signed with the configured certificate (RFC 7523, <c>private_key_jwt</c>;
/// Entra's "certificate credential").
/// </summary>
public sealed class ClientCredential
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromMinutes(5);

    private readonly string _clientId;
    private readonly string? _secret;
    private readonly X509Certificate2? _certificate;
    private readonly TimeProvider _time;

    public ClientCredential(OpenIdSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _clientId = settings.ClientId ?? throw new InvalidOperationException("AzureAd:ClientId is not set.");
        _certificate = settings.LoadClientCertificate();
        _secret = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : settings.ClientSecret;
        _time = time;
    }

    public bool UsesCertificate => _certificate is not null;

    public string? Secret => _certificate is null ? _secret : null;

    /// <summary>The form fields that authenticate the app at <paramref name="tokenEndpoint"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> FormFields(string tokenEndpoint)
    {
        yield return new("client_id", _clientId);
        if (_certificate is not null)
        {
            yield return new("client_assertion_type", AssertionType);
            yield return new("client_assertion", Assertion(tokenEndpoint));
        }
        else if (_secret is not null)
        {
            yield return new("client_secret", _secret);
        }
    }

    /// <summary>A one-use signed statement "I am this client", for this token endpoint only, valid for five minutes.</summary>
    public string Assertion(string tokenEndpoint)
    {
        var certificate = _certificate ?? throw new InvalidOperationException("No client certificate is configured.");
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _clientId,
            Audience = tokenEndpoint,
            Subject = new ClaimsIdentity([new Claim("sub", _clientId), new Claim("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + AssertionLifetime,
            // X.509 credentials put the certificate's SHA-1 thumbprint in the header twice: as x5t, which Entra finds the
            // certificate by, and as kid, which other providers find the registered key by.
            SigningCredentials = new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSha256),
        });
    }
}
