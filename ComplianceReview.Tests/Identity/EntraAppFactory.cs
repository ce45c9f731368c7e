using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ComplianceReview.Tests.Identity;

/// <summary>
/// Production with Microsoft Entra ID configured. The OpenID Connect metadata is supplied up front so a
/// challenge builds its redirect without fetching the discovery document.
/// </summary>
public sealed class EntraAppFactory : IdentityAppFactory
{
    public EntraAppFactory() : base("Production", Settings, UseStaticMetadata)
    {
    }

    private EntraAppFactory(string environment, IReadOnlyDictionary<string, string> settings)
        : base(environment, Merge(settings), UseStaticMetadata)
    {
    }

    /// <summary>Entra in <paramref name="environment"/>, with <paramref name="settings"/> over the usual ones (a database, keys).</summary>
    public static EntraAppFactory With(string environment, IReadOnlyDictionary<string, string> settings) => new(environment, settings);

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> settings)
    {
        var merged = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in settings) merged[key] = value;
        return merged;
    }

    public const string TenantId = "11111111-1111-1111-1111-111111111111";
    public const string ClientId = "22222222-2222-2222-2222-222222222222";
    public const string AuthorizationEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/authorize";

    private static readonly Dictionary<string, string> Settings = new(Infrastructure.TestCertificates.ProtectedKeys())
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["Identity:DevelopmentSignIn"] = "false",
        ["AllowedHosts"] = "localhost;compliance.example.com",
    };

    private static void UseStaticMetadata(IServiceCollection services) =>
        services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
        {
            var metadata = new OpenIdConnectConfiguration
            {
                Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0",
                AuthorizationEndpoint = AuthorizationEndpoint,
                TokenEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token",
                EndSessionEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/logout",
            };
            options.Configuration = metadata;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
        });
}
