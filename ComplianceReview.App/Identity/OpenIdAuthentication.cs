using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ComplianceReview.App.Identity;

/// <summary>
/// Sign-in and the intake API against one OpenID Connect provider, Microsoft Entra ID or any other, configured from the
/// <c>AzureAd</c> section (<see cref="OpenIdSettings"/>; why not Microsoft.Identity.Web: docs/decisions/0008). People sign in
/// with the authorization-code flow and PKCE; the session is the app's cookie. Applications call <c>/api</c> with app-only
/// bearer tokens, validated for signature, issuer, audience and lifetime.
/// </summary>
internal static class OpenIdAuthentication
{
    /// <summary>The bearer scheme of the intake API.</summary>
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    internal const string HttpMetadataRefusedInProduction =
        "AzureAd:RequireHttpsMetadata is false, which is refused in the Production environment: the provider's keys would " +
        "be read over plain http.";

    public static void Add(IHostApplicationBuilder builder, bool secureCookiesOnly)
    {
        var settings = builder.Configuration.GetSection(OpenIdSettings.SectionName).Get<OpenIdSettings>() ?? new OpenIdSettings();
        if (!settings.RequireHttpsMetadata && builder.Environment.IsProduction())
            throw new InvalidOperationException(HttpMetadataRefusedInProduction);
        var authority = settings.EffectiveAuthority;
        var credential = new ClientCredential(settings, TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(credential);

        builder.Services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie() // the session (configured with the development sign-in's in IdentityExtensions)
            .AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                options.Authority = authority;
                options.ClientId = settings.ClientId;
                options.ClientSecret = credential.Secret;
                options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                options.CallbackPath = settings.CallbackPath;
                options.SignedOutCallbackPath = settings.SignedOutCallbackPath;
                options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("profile");
                // A refresh token lets the app ask the provider for the user's current roles (ProviderRoleSource).
                options.Scope.Add("offline_access");
                // Kept in the server-side session (protected, never in the cookie): the refresh token for role checks,
                // the id token as the sign-out hint.
                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = false;
                // Keep the token's claim names (oid, roles, name) instead of the WS-* mappings, and read roles and the
                // display name from them.
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = ComplianceClaimTypes.Name;
                options.TokenValidationParameters.RoleClaimType = ComplianceClaimTypes.Roles;
                options.AccessDeniedPath = SignInEndpoints.AccessDeniedPath;
                // The correlation and nonce cookies, like the session's, only over HTTPS outside Development.
                var cookiePolicy = secureCookiesOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                options.CorrelationCookie.SecurePolicy = cookiePolicy;
                options.NonceCookie.SecurePolicy = cookiePolicy;
                if (!secureCookiesOnly)
                {
                    // Browsers drop a SameSite=None cookie that is not Secure; over plain http (Development) Lax is what
                    // reaches the callback, which works for a provider on the same site (a loopback one).
                    options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    options.NonceCookie.SameSite = SameSiteMode.Lax;
                }
                if (credential.UsesCertificate)
                {
                    // The handler only knows how to send a secret: the client assertion goes on the code's redemption and,
                    // where the provider offers pushed authorization requests (RFC 9126), on the push too. The provider's
                    // metadata comes from the configuration manager (Options.Configuration is set only when configured by hand).
                    options.Events.OnAuthorizationCodeReceived = async context =>
                    {
                        var metadata = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                        var tokenEndpoint = metadata.TokenEndpoint
                            ?? throw new InvalidOperationException("The provider's metadata names no token endpoint.");
                        context.TokenEndpointRequest!.ClientAssertionType = ClientCredential.AssertionType;
                        context.TokenEndpointRequest.ClientAssertion = credential.Assertion(tokenEndpoint);
                    };
                    options.Events.OnPushAuthorization = async context =>
                    {
                        var metadata = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                        var endpoint = metadata.PushedAuthorizationRequestEndpoint
                            ?? throw new InvalidOperationException("The provider's metadata names no pushed authorization endpoint.");
                        context.ProtocolMessage.ClientAssertionType = ClientCredential.AssertionType;
                        context.ProtocolMessage.ClientAssertion = credential.Assertion(endpoint);
                        context.HandleClientAuthentication();
                    };
                }
            })
            .AddJwtBearer(BearerScheme, options =>
            {
                options.Authority = authority;
                options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidAudiences = settings.ValidAudiences;
                options.TokenValidationParameters.NameClaimType = ComplianceClaimTypes.Name;
                options.TokenValidationParameters.RoleClaimType = ComplianceClaimTypes.Roles;
                options.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
                options.Events = new JwtBearerEvents
                {
                    // Signature, issuer (the discovery document's), audience and lifetime are checked by then.
                    OnTokenValidated = context =>
                    {
                        if (ApplicationPrincipal.FromAccessToken(context.Principal!) is { } application) context.Principal = application;
                        else context.Fail("The token names no application (azp, appid or client_id).");
                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddSingleton<IUserRoleSource, ProviderRoleSource>();
    }
}
