using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceReview.Tests.Identity;

public sealed class EntraSignInTests(EntraAppFactory factory) : IClassFixture<EntraAppFactory>
{
    [Fact]
    public async Task SignInChallengesMicrosoftEntra()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/signin?returnUrl=%2Fdemands");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = Assert.IsType<Uri>(response.Headers.Location);
        Assert.Equal(EntraAppFactory.AuthorizationEndpoint, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(EntraAppFactory.ClientId, query["client_id"].ToString());
        Assert.Equal("http://localhost/signin-oidc", query["redirect_uri"].ToString());
        Assert.Contains("openid", query["scope"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtectedPageChallengesMicrosoftEntraDirectly()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(EntraAppFactory.AuthorizationEndpoint, response.Headers.Location?.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task AnAnonymousApiCallGets401AndNeverASignInChallenge()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.PostAsync("/api/demands", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task DevelopmentSignInIsNotMappedWithEntra()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/signin/dev");

        // No anonymous page answers there, so the request meets the fallback policy like any unknown address.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(EntraAppFactory.AuthorizationEndpoint, response.Headers.Location?.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public void OpenIdConnectKeepsEntraClaimNamesAndReadsRolesFromTheRolesClaim()
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>()
            .Get(OpenIdConnectDefaults.AuthenticationScheme);

        Assert.Equal(EntraAppFactory.ClientId, options.ClientId);
        Assert.Equal($"https://login.microsoftonline.com/{EntraAppFactory.TenantId}/v2.0", options.Authority);
        Assert.False(options.MapInboundClaims);
        Assert.False(Assert.IsType<JsonWebTokenHandler>(options.TokenHandler).MapInboundClaims);
        Assert.Equal("roles", options.TokenValidationParameters.RoleClaimType);
        Assert.Equal("name", options.TokenValidationParameters.NameClaimType);
        Assert.Equal(CookieAuthenticationDefaults.AuthenticationScheme, options.SignInScheme);
    }

    [Fact]
    public void SessionCookieIsSecureOnlyOutsideDevelopment()
    {
        var cookie = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);

        Assert.Equal(CookieSecurePolicy.Always, cookie.Cookie.SecurePolicy);
        Assert.True(cookie.Cookie.HttpOnly);
        Assert.Equal("/access-denied", cookie.AccessDeniedPath);
    }

    [Theory]
    [InlineData(Roles.LegalLead, new[] { Policies.SignOff, Policies.ViewDemands }, new[] { Policies.Review, Policies.Audit, Policies.Administer })]
    [InlineData(Roles.Reviewer, new[] { Policies.Review, Policies.ViewDemands }, new[] { Policies.SignOff, Policies.Audit, Policies.Administer })]
    [InlineData(Roles.Auditor, new[] { Policies.Audit, Policies.ViewDemands }, new[] { Policies.Review, Policies.SignOff, Policies.Administer })]
    [InlineData(Roles.Admin, new[] { Policies.Administer }, new[] { Policies.Review, Policies.SignOff, Policies.Audit, Policies.ViewDemands })]
    public async Task EntraIdTokenGivesTheCurrentUserAndTheirPolicies(string role, string[] allowed, string[] refused)
    {
        const string objectId = "0a1b2c3d-0000-4000-8000-00000000abcd";
        var principal = await ValidateIdTokenAsTheAppWould(new Dictionary<string, object>
        {
            ["oid"] = objectId,
            ["tid"] = EntraAppFactory.TenantId,
            ["name"] = "Lee Legal",
            ["preferred_username"] = "lee.legal@contoso.example",
            ["roles"] = new[] { role },
        });
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = principal };
        var currentUser = scope.ServiceProvider.GetRequiredService<ICurrentUser>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();

        Assert.True(currentUser.IsAuthenticated);
        Assert.Equal(objectId, currentUser.User.Id);
        Assert.Equal("Lee Legal", currentUser.User.Name);
        Assert.True(currentUser.IsInRole(role));
        foreach (var policy in allowed)
        {
            Assert.True((await authorization.AuthorizeAsync(principal, policy)).Succeeded, $"{role} should pass {policy}");
        }
        foreach (var policy in refused)
        {
            Assert.False((await authorization.AuthorizeAsync(principal, policy)).Succeeded, $"{role} should not pass {policy}");
        }
    }

    [Fact]
    public async Task EntraIdTokenWithoutNameFallsBackToPreferredUsername()
    {
        var principal = await ValidateIdTokenAsTheAppWould(new Dictionary<string, object>
        {
            ["oid"] = "0a1b2c3d-0000-4000-8000-00000000abcd",
            ["tid"] = EntraAppFactory.TenantId,
            ["preferred_username"] = "lee.legal@contoso.example",
        });
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = principal };

        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>().User;

        Assert.Equal("lee.legal@contoso.example", user.Name);
    }

    /// <summary>
    /// Signs an id token with a throwaway key and validates it with the app's own OpenID Connect token handler
    /// and validation parameters (signature key and issuer aside), so the claims come out as they would at sign-in.
    /// </summary>
    private async Task<ClaimsPrincipal> ValidateIdTokenAsTheAppWould(Dictionary<string, object> claims)
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>()
            .Get(OpenIdConnectDefaults.AuthenticationScheme);
        var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        const string issuer = $"https://login.microsoftonline.com/{EntraAppFactory.TenantId}/v2.0";
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = EntraAppFactory.ClientId,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var parameters = options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKey = key;
        parameters.ValidAudience = options.ClientId;
        // Microsoft.Identity.Web's issuer validator reads Entra's metadata; a fixed issuer stands in for it.
        parameters.IssuerValidator = null;
        parameters.ValidIssuer = issuer;

        var result = await options.TokenHandler.ValidateTokenAsync(idToken, parameters);

        Assert.True(result.IsValid, result.Exception?.Message);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }
}
