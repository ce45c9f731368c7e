using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceReview.Tests.Oidc;

/// <summary>What the sign-in asks of the provider, and that the provider holds the app to PKCE.</summary>
public sealed class SignInRequestTests(OidcAppFixture fixture) : IClassFixture<OidcAppFixture>
{
    [OidcFact]
    public void TheAppSignsInWithTheAuthorizationCodeAndPkceAndPushesItsRequest()
    {
        var options = fixture.App.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);

        Assert.Equal("code", options.ResponseType);
        Assert.True(options.UsePkce);
        Assert.Equal(PushedAuthorizationBehavior.UseIfAvailable, options.PushedAuthorizationBehavior);
        Assert.Equal(fixture.Provider.Issuer.ToString().TrimEnd('/'), options.Authority);
        Assert.Contains("offline_access", options.Scope);
        Assert.True(options.SaveTokens);
    }

    [OidcFact]
    public async Task TheProviderRefusesAnAuthorizationRequestWithoutACodeChallenge()
    {
        using var refused = await PushAsync(codeChallenge: null);
        using var accepted = await PushAsync(codeChallenge: Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes("a-verifier-of-at-least-43-characters-0123456789"))));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Contains("PKCE", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    private async Task<HttpResponseMessage> PushAsync(string? codeChallenge)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = OidcProvider.WebClientId,
            ["client_secret"] = OidcProvider.WebClientSecret,
            ["response_type"] = "code",
            ["scope"] = "openid profile",
            ["redirect_uri"] = "http://localhost/signin-oidc",
        };
        if (codeChallenge is not null)
        {
            form["code_challenge"] = codeChallenge;
            form["code_challenge_method"] = "S256";
        }
        using var http = new HttpClient();
        return await http.PostAsync(new Uri($"{fixture.Provider.Issuer}/request"), new FormUrlEncodedContent(form));
    }
}
