using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Web;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace ComplianceReview.Tests.Oidc;

/// <summary>
/// The provider registers the app's web client with a certificate only (<c>private_key_jwt</c>, no secret), as an Entra
/// app registration with a certificate credential; the app is configured with that certificate's PFX and no secret.
/// </summary>
public sealed class OidcCertificateAppFixture : IAsyncLifetime
{
    private OidcProvider? _provider;
    private IdentityAppFactory? _app;

    public OidcProvider Provider => _provider ?? throw Missing();
    public IdentityAppFactory App => _app ?? throw Missing();

    public async Task InitializeAsync()
    {
        if (!OidcEnvironment.Available) return;
        _provider = await OidcProvider.StartAsync(TestCertificates.CreatePfx("CN=ComplianceReview web client (test)"));
        _app = new IdentityAppFactory("Development", _provider.AppSettings());
        await _provider.SetUpAsync(new Uri("http://localhost"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }

    private static InvalidOperationException Missing() =>
        new(OidcEnvironment.MissingMessage + (Browser.BrowserEnvironment.IsCi ? " CI is set, so this is a failure, not a skip." : ""));
}

/// <summary>
/// The certificate credential against the real provider: the client assertion the app signs is what authenticates it at
/// the token endpoint (redeeming a sign-in's code, refreshing roles) and at the pushed-authorization endpoint.
/// A code that does not exist tells the two failures apart: the provider answers <c>invalid_client</c> (401) when the
/// client is not authenticated, and only then looks at the grant (<c>invalid_grant</c>, 400).
/// </summary>
public sealed class ClientCertificateTests(OidcCertificateAppFixture fixture) : IClassFixture<OidcCertificateAppFixture>
{
    private const string NoSuchCode = "a-code-the-provider-never-issued";

    private ClientCredential AppCredential => fixture.App.Services.GetRequiredService<ClientCredential>();

    private string TokenEndpoint => fixture.Provider.TokenEndpoint.ToString();

    [OidcFact]
    public void TheAppIsConfiguredWithTheCertificateAndNoSecret()
    {
        var options = fixture.App.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);

        Assert.True(AppCredential.UsesCertificate);
        Assert.Null(AppCredential.Secret);
        Assert.Null(options.ClientSecret);
        Assert.DoesNotContain(AppCredential.FormFields(TokenEndpoint), field => field.Key == "client_secret");
    }

    [OidcFact]
    public void TheAssertionNamesTheCertificateByItsThumbprintAsEntraFindsIt()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(fixture.Provider.ClientCertificatePath!, TestCertificates.Password);

        var assertion = new JsonWebToken(AppCredential.Assertion(TokenEndpoint));

        Assert.Equal(Base64UrlEncoder.Encode(certificate.GetCertHash()), assertion.X5t);
        Assert.Equal("RS256", assertion.Alg);
        Assert.Equal([TokenEndpoint], assertion.Audiences);
        Assert.Equal(OidcProvider.WebClientId, assertion.Issuer);
        Assert.Equal(OidcProvider.WebClientId, assertion.Subject);
        Assert.Equal(TimeSpan.FromMinutes(5), assertion.ValidTo - assertion.ValidFrom);
    }

    [OidcFact]
    public async Task TheAppsSignedAssertionAuthenticatesItAtTheTokenEndpoint()
    {
        var (status, error) = await RedeemAsync(AppCredential.FormFields(TokenEndpoint));

        // Authenticated: the provider went on to the code, which it never issued.
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, error));
    }

    [OidcFact]
    public async Task WithoutTheAssertionTheClientIsRefused()
    {
        var (status, error) = await RedeemAsync([new("client_id", OidcProvider.WebClientId)]);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, error));
    }

    [OidcFact]
    public async Task AnAssertionSignedByAnotherCertificateIsRefused()
    {
        var impostor = Credential(TestCertificates.CreatePfx("CN=Not the registered certificate"), TimeProvider.System);

        var (status, error) = await RedeemAsync(impostor.FormFields(TokenEndpoint));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, error));
    }

    [OidcFact]
    public async Task AnExpiredAssertionIsRefused()
    {
        // Signed with the registered certificate, but ten minutes ago: its five minutes are over.
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var late = Credential(fixture.Provider.ClientCertificatePath!, past);

        var (status, error) = await RedeemAsync(late.FormFields(TokenEndpoint));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, error));
    }

    [OidcFact]
    public async Task AnAssertionMadeForAnotherEndpointIsRefused()
    {
        var (status, error) = await RedeemAsync(AppCredential.FormFields("https://login.example/another-provider/token"));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, error));
    }

    [OidcFact]
    public async Task AnAssertionIsGoodForOneUseOnly()
    {
        var fields = AppCredential.FormFields(TokenEndpoint).ToList();

        var first = await RedeemAsync(fields);
        var replayed = await RedeemAsync(fields);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), first);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), replayed);
    }

    [OidcFact]
    public async Task TheSignInPushesItsRequestAuthenticatedByTheCertificate()
    {
        // The challenge pushes the authorization request to the provider first (RFC 9126), which authenticates the
        // client there too; with no credential on that request the provider refuses it and the sign-in never starts.
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(SignInEndpoints.SignInPath + "?returnUrl=%2F", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Issuer + "/auth", location.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(OidcProvider.WebClientId, query["client_id"]);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", query["request_uri"], StringComparison.Ordinal);
        Assert.DoesNotContain("server_error", fixture.Provider.Errors, StringComparison.Ordinal);
    }

    private static ClientCredential Credential(string pfxPath, TimeProvider time) => new(new OpenIdSettings
    {
        ClientId = OidcProvider.WebClientId,
        ClientCertificates = [new ClientCertificateSettings { SourceType = "Path", CertificateDiskPath = pfxPath, CertificatePassword = TestCertificates.Password }],
    }, time);

    private async Task<(HttpStatusCode Status, string? Error)> RedeemAsync(IEnumerable<KeyValuePair<string, string>> clientFields)
    {
        var form = new List<KeyValuePair<string, string>>(clientFields)
        {
            new("grant_type", "authorization_code"),
            new("code", NoSuchCode),
            new("redirect_uri", "http://localhost/signin-oidc"),
            new("code_verifier", "a-verifier-of-at-least-43-characters-0123456789"),
        };
        using var http = new HttpClient();
        using var response = await http.PostAsync(fixture.Provider.TokenEndpoint, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }
}
