using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Browser;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit.Sdk;

namespace ComplianceReview.Tests.Oidc;

/// <summary>Where the tests' OpenID Connect provider lives, and whether a missing Node.js is a skip or a failure.</summary>
public static class OidcEnvironment
{
    /// <summary><c>ComplianceReview.Tests/Oidc</c> in the source tree (the script and its <c>npm ci</c> modules stay there).</summary>
    public static string? ProviderDirectory { get; } = FindProviderDirectory();

    public static string? NodePath { get; } = FindOnPath("node");

    public static bool Available =>
        NodePath is not null && ProviderDirectory is not null && Directory.Exists(Path.Combine(ProviderDirectory, "node_modules", "oidc-provider"));

    public static string MissingMessage =>
        NodePath is null ? "Node.js is not installed (apt-get install -y nodejs npm)."
        : ProviderDirectory is null ? "ComplianceReview.Tests/Oidc/provider.mjs was not found above the test assembly."
        : $"The OpenID Connect provider's modules are not installed (npm ci --prefix {ProviderDirectory}).";

    private static string? FindProviderDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "ComplianceReview.Tests", "Oidc");
            if (File.Exists(Path.Combine(candidate, "provider.mjs"))) return candidate;
        }
        return null;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, program))
        .FirstOrDefault(File.Exists);
}

/// <summary>
/// A test against the real OpenID Connect provider: skipped with a message when Node.js or the provider's modules are
/// missing on a developer machine; when <c>CI</c> is set it runs and fails with the same message (as browser tests do).
/// </summary>
public sealed class OidcFactAttribute : FactAttribute
{
    public OidcFactAttribute()
    {
        if (!OidcEnvironment.Available && !BrowserEnvironment.IsCi)
            Skip = OidcEnvironment.MissingMessage + " OpenID Connect tests are skipped; with CI set they fail instead.";
    }
}

/// <summary><see cref="OidcFactAttribute"/> over a theory.</summary>
public sealed class OidcTheoryAttribute : TheoryAttribute
{
    public OidcTheoryAttribute()
    {
        if (!OidcEnvironment.Available && !BrowserEnvironment.IsCi)
            Skip = OidcEnvironment.MissingMessage + " OpenID Connect tests are skipped; with CI set they fail instead.";
    }
}

/// <summary>A browser test against the real provider: needs Chromium and Node.js; skip or fail as both conventions say.</summary>
[TraitDiscoverer(SlowTraitDiscoverer.TypeName, SlowTraitDiscoverer.AssemblyName)]
public sealed class OidcBrowserFactAttribute : FactAttribute, ITraitAttribute
{
    public OidcBrowserFactAttribute()
    {
        if (BrowserEnvironment.IsCi) return;
        if (!BrowserEnvironment.ChromiumAvailable) Skip = BrowserEnvironment.MissingMessage + " Browser tests are skipped; with CI set they fail instead.";
        else if (!OidcEnvironment.Available) Skip = OidcEnvironment.MissingMessage + " OpenID Connect tests are skipped; with CI set they fail instead.";
    }
}

/// <summary>A person at the provider: the login typed on its sign-in page, and the Entra-shaped claims it issues.</summary>
public sealed record OidcUser(string Login, string ObjectId, string Name, string PreferredUsername, IReadOnlyList<string> Roles);

/// <summary>A request portal registered at the provider for the client-credentials flow.</summary>
public sealed record OidcApplication(string ClientId, string ClientSecret, string Name, string ServicePrincipalId, IReadOnlyList<string> Roles);

/// <summary>
/// The npm <c>oidc-provider</c> (Oidc/provider.mjs) in a Node process on a free loopback port, for one test class. Its
/// signing key is made here, so a test can also sign tokens the provider would never issue (expired, another issuer). Start
/// it, start the app with <see cref="AppSettings"/>, then <see cref="SetUpAsync"/> with the app's address.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string TenantId = "5f0c7e1a-3b9d-4c2e-8a61-0d4b2f9e7c13";
    public const string WebClientId = "9a8b7c6d-1e2f-4a3b-9c8d-7e6f5a4b3c2d";
    public const string WebClientSecret = "web-client-secret-for-the-tests-only-0123456789";
    public const string ApiAudience = $"api://{WebClientId}";
    public const string OtherApiAudience = "api://another-api-of-the-tenant";

    public static readonly OidcUser Riley = new("riley", "0b6c1c2e-7f43-4a8e-9d11-5e0f3a7b2c01", "Riley Reviewer", "riley.reviewer@contoso.example", [Roles.Reviewer]);
    public static readonly OidcUser Sam = new("sam", "0b6c1c2e-7f43-4a8e-9d11-5e0f3a7b2c02", "Sam Reviewer", "sam.reviewer@contoso.example", [Roles.Reviewer]);
    public static readonly OidcUser Lee = new("lee", "0b6c1c2e-7f43-4a8e-9d11-5e0f3a7b2c03", "Lee Legal", "lee.legal@contoso.example", [Roles.LegalLead]);
    public static readonly OidcUser Robin = new("robin", "0b6c1c2e-7f43-4a8e-9d11-5e0f3a7b2c04", "Robin Both", "robin.both@contoso.example", [Roles.Reviewer, Roles.LegalLead]);
    public static readonly IReadOnlyList<OidcUser> Users = [Riley, Sam, Lee, Robin];

    public static readonly OidcApplication Portal = new("4d3c2b1a-0f9e-4d8c-b7a6-112233445566", "portal-secret-for-the-tests-only-0123456789",
        "Contoso Request Portal", "7e6d5c4b-3a29-4180-9f7e-665544332211", [Roles.Intake]);
    public static readonly OidcApplication PortalWithoutRole = new("4d3c2b1a-0f9e-4d8c-b7a6-998877665544", "other-secret-for-the-tests-only-0123456789",
        "Fabrikam Reporting Tool", "7e6d5c4b-3a29-4180-9f7e-112233445566", []);

    private readonly Process _node;
    private readonly string _settingsPath;
    private readonly string _controlToken;
    private readonly List<string> _errors = [];
    private readonly HttpClient _http = new();

    private OidcProvider(Process node, string settingsPath, string controlToken, RsaSecurityKey signingKey, Uri issuer, string? clientCertificatePath)
    {
        ClientCertificatePath = clientCertificatePath;
        _node = node;
        _settingsPath = settingsPath;
        _controlToken = controlToken;
        SigningKey = signingKey;
        Issuer = issuer;
    }

    /// <summary>The issuer, shaped like Entra's: <c>http://127.0.0.1:port/{tenant}/v2.0</c>.</summary>
    public Uri Issuer { get; }

    /// <summary>The provider's own signing key (private part included), with its key id.</summary>
    public RsaSecurityKey SigningKey { get; }

    public Uri TokenEndpoint => new($"{Issuer}/token");

    /// <summary>
    /// The web client's certificate (a PFX with <see cref="TestCertificates.Password"/>) when the provider was started to
    /// authenticate the app by certificate only (<c>private_key_jwt</c>, no secret registered); otherwise null.
    /// </summary>
    public string? ClientCertificatePath { get; }

    /// <summary>What the provider wrote to stderr (its warnings and errors), for a failing test's message.</summary>
    public string Errors { get { lock (_errors) return string.Join(Environment.NewLine, _errors); } }

    /// <param name="clientCertificatePath">
    /// A PFX (password <see cref="TestCertificates.Password"/>) whose public key the provider registers for the web client,
    /// which then authenticates by certificate only, as an Entra app registration with a certificate credential.
    /// </param>
    public static async Task<OidcProvider> StartAsync(string? clientCertificatePath = null)
    {
        if (!OidcEnvironment.Available)
            throw new InvalidOperationException(OidcEnvironment.MissingMessage + (BrowserEnvironment.IsCi ? " CI is set, so this is a failure, not a skip." : ""));
        var rsa = RSA.Create(2048);
        var signingKey = new RsaSecurityKey(rsa) { KeyId = "tests-" + Guid.NewGuid().ToString("N")[..8] };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)) { KeyId = signingKey.KeyId });
        var controlToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var settings = new
        {
            tenantId = TenantId,
            controlToken,
            signingKey = new { kty = "RSA", kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E, d = jwk.D, p = jwk.P, q = jwk.Q, dp = jwk.DP, dq = jwk.DQ, qi = jwk.QI },
            webClient = new { clientId = WebClientId, clientSecret = WebClientSecret, certificateJwk = clientCertificatePath is null ? null : PublicJwk(clientCertificatePath) },
            applications = new[] { Portal, PortalWithoutRole }.Select(a => new { clientId = a.ClientId, clientSecret = a.ClientSecret, name = a.Name, servicePrincipalId = a.ServicePrincipalId, roles = a.Roles }),
            apiAudiences = new[] { ApiAudience, OtherApiAudience },
            users = Users.ToDictionary(u => u.Login, u => new { oid = u.ObjectId, name = u.Name, preferredUsername = u.PreferredUsername, roles = u.Roles }),
        };
        var settingsPath = Path.Combine(Path.GetTempPath(), $"cr-oidc-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settingsPath, JsonSerializer.Serialize(settings));

        var start = new ProcessStartInfo(OidcEnvironment.NodePath!, [Path.Combine(OidcEnvironment.ProviderDirectory!, "provider.mjs"), settingsPath])
        {
            WorkingDirectory = OidcEnvironment.ProviderDirectory!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var errors = new List<string>();
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        node.BeginErrorReadLine();
        string? line;
        try
        {
            line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }
        if (line is null)
        {
            await node.WaitForExitAsync();
            lock (errors) throw new InvalidOperationException("The OpenID Connect provider ended at start: " + string.Join(Environment.NewLine, errors));
        }
        var issuer = new Uri(JsonDocument.Parse(line).RootElement.GetProperty("issuer").GetString()!);
        var provider = new OidcProvider(node, settingsPath, controlToken, signingKey, issuer, clientCertificatePath);
        lock (errors) provider._errors.AddRange(errors);
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (provider._errors) provider._errors.Add(e.Data); };
        return provider;
    }

    /// <summary>The app's <c>AzureAd</c> settings for this provider: the same keys as for Entra, with the issuer as authority.</summary>
    public Dictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureAd:Authority"] = Issuer.ToString(),
            ["AzureAd:ClientId"] = WebClientId,
            ["AzureAd:RequireHttpsMetadata"] = "false",
            ["Identity:DevelopmentSignIn"] = "false",
        };
        if (ClientCertificatePath is null)
        {
            settings["AzureAd:ClientSecret"] = WebClientSecret;
        }
        else
        {
            // The same keys as for Entra's certificate credential (README), and no secret.
            settings["AzureAd:ClientCertificates:0:SourceType"] = "Path";
            settings["AzureAd:ClientCertificates:0:CertificateDiskPath"] = ClientCertificatePath;
            settings["AzureAd:ClientCertificates:0:CertificatePassword"] = TestCertificates.Password;
        }
        return settings;
    }

    /// <summary>The certificate's public key as the provider registers it: its key id is the certificate's thumbprint, as the assertion's <c>kid</c>.</summary>
    private static object PublicJwk(string pfxPath)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, TestCertificates.Password);
        using var rsa = certificate.GetRSAPublicKey()!;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            kty = "RSA",
            use = "sig",
            alg = "RS256",
            kid = new X509SecurityKey(certificate).KeyId,
            n = Base64UrlEncoder.Encode(parameters.Modulus),
            e = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    /// <summary>Registers the app's redirect addresses (known once the app listens) and opens the provider's endpoints.</summary>
    public async Task SetUpAsync(Uri appAddress)
    {
        using var response = await ControlAsync(HttpMethod.Post, "/_test/setup", new { appUrl = appAddress.ToString().TrimEnd('/') });
    }

    /// <summary>Sets a user's app roles at the provider, as an administrator changing their assignments.</summary>
    public async Task SetRolesAsync(OidcUser user, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var response = await ControlAsync(HttpMethod.Put, $"/_test/users/{Uri.EscapeDataString(user.Login)}/roles", roles);
    }

    /// <summary>An app-only access token from the client-credentials flow, for <paramref name="resource"/> (RFC 8707).</summary>
    public async Task<string> RequestAppTokenAsync(OidcApplication application, string resource)
    {
        ArgumentNullException.ThrowIfNull(application);
        using var response = await _http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = application.ClientId,
            ["client_secret"] = application.ClientSecret,
            ["resource"] = resource,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}. {Errors}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A token signed with <paramref name="key"/> (the provider's own by default), with exactly these claims.</summary>
    public string Sign(IDictionary<string, object> claims, DateTimeOffset issuedAt, TimeSpan lifetime, SecurityKey? key = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });

    private async Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(Issuer.GetLeftPart(UriPartial.Authority)), path))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _controlToken);
        var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The provider's {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        // Closing stdin is the provider's signal to stop; it is killed if it does not.
        _node.StandardInput.Close();
        try
        {
            await _node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _node.Kill(entireProcessTree: true);
        }
        _node.Dispose();
        File.Delete(_settingsPath);
    }
}
