using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceReview.Tests.Oidc;

/// <summary>The real provider and the app (its OpenID Connect mode, configured as for Entra) for one test class.</summary>
public sealed class OidcAppFixture : IAsyncLifetime
{
    private OidcProvider? _provider;
    private IdentityAppFactory? _app;

    public OidcProvider Provider => _provider ?? throw Missing();
    public IdentityAppFactory App => _app ?? throw Missing();

    public async Task InitializeAsync()
    {
        if (!OidcEnvironment.Available) return;
        _provider = await OidcProvider.StartAsync();
        _app = new IdentityAppFactory("Development", _provider.AppSettings());
        // The app is reached through the test server, so no redirect address of it is real; the API needs none.
        await _provider.SetUpAsync(new Uri("http://localhost"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }

    private static InvalidOperationException Missing() =>
        new(OidcEnvironment.MissingMessage + (Browser.BrowserEnvironment.IsCi ? " CI is set, so this is a failure, not a skip." : ""));

    public ComplianceReview.App.Data.ComplianceDbContext CreateDbContext() =>
        App.Services.GetRequiredService<IDbContextFactory<ComplianceReview.App.Data.ComplianceDbContext>>().CreateDbContext();
}

/// <summary>
/// POST /api/demands with bearer tokens: app-only tokens from the real provider's client-credentials flow, and tokens signed
/// here with the provider's own key where the provider would not issue them (expired, another issuer, a person's).
/// </summary>
public sealed class IntakeTokenTests(OidcAppFixture fixture) : IClassFixture<OidcAppFixture>
{
    private static object Body() => new
    {
        agencyName = "Bundeskriminalamt",
        agencyCountry = "de",
        processType = "CourtOrder",
        issuingAuthority = "Amtsgericht Wiesbaden",
        caseNumber = "DE-API-" + Guid.NewGuid().ToString("N")[..8],
        issuedOn = "2026-10-30",
        receivedAt = "2026-11-01T08:00:00Z",
        dueAt = "2026-11-20T17:00:00Z",
        targets = new[] { "acct-10001" },
        categories = new[] { "SubscriberIdentity" },
        nonDisclosure = "None",
    };

    private HttpClient Client() => fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<HttpResponseMessage> PostAsync(string? token)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/demands") { Content = JsonContent.Create(Body()) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private async Task<int> DemandCountAsync()
    {
        await using var db = fixture.CreateDbContext();
        return await db.Demands.CountAsync();
    }

    [OidcFact]
    public async Task APortalsClientCredentialsTokenRegistersADemandRecordedAsThatApplication()
    {
        var token = await fixture.Provider.RequestAppTokenAsync(OidcProvider.Portal, OidcProvider.ApiAudience);

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
        await using var db = fixture.CreateDbContext();
        var demand = await db.Demands.AsNoTracking().SingleAsync(d => d.Reference == DemandReference.Parse(reference));
        Assert.Equal(OidcProvider.Portal.ClientId, demand.RegisteredById);
        Assert.Equal(OidcProvider.Portal.Name, demand.RegisteredByName);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.DemandReference == reference && e.Action == AuditActions.DemandRegistered);
        Assert.Equal(OidcProvider.Portal.ClientId, entry.ActorId);
        Assert.Equal(OidcProvider.Portal.Name, entry.ActorName);
        Assert.Equal("application", JsonDocument.Parse(entry.DetailsJson).RootElement.GetProperty("registeredBy").GetString());
    }

    [OidcFact]
    public async Task AnAppTokenWithoutTheIntakeRoleIsForbiddenAndTheRefusalIsAudited()
    {
        var token = await fixture.Provider.RequestAppTokenAsync(OidcProvider.PortalWithoutRole, OidcProvider.ApiAudience);
        var before = await DemandCountAsync();

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(before, await DemandCountAsync());
        await using var db = fixture.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AccessDenied && e.ActorId == OidcProvider.PortalWithoutRole.ClientId
            && e.ActorName == OidcProvider.PortalWithoutRole.Name));
    }

    [OidcFact]
    public async Task NoTokenGets401WithABearerChallengeAndNoSignInRedirect()
    {
        using var response = await PostAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [OidcFact]
    public async Task ATokenForAnotherApiOfTheTenantGets401()
    {
        var token = await fixture.Provider.RequestAppTokenAsync(OidcProvider.Portal, OidcProvider.OtherApiAudience);

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string> Forgeries() => ["expired", "other issuer", "other audience", "other key", "tampered"];

    /// <summary>
    /// Each forgery differs from <see cref="AValidTokenSignedWithTheProvidersKeyIsAccepted"/>'s token in one thing only, so
    /// it is that one thing the app refuses.
    /// </summary>
    [OidcTheory]
    [MemberData(nameof(Forgeries))]
    public async Task AForgedOrStaleTokenGets401(string forgery)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = AppClaims();
        var issuedAt = now.AddMinutes(-1);
        SecurityKey? key = null;
        switch (forgery)
        {
            case "expired": issuedAt = now.AddHours(-2); break;
            case "other issuer": claims["iss"] = $"http://127.0.0.1:1/{OidcProvider.TenantId}/v2.0"; break;
            case "other audience": claims["aud"] = OidcProvider.OtherApiAudience; break;
            case "other key": key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = fixture.Provider.SigningKey.KeyId }; break;
        }
        var token = fixture.Provider.Sign(claims, issuedAt, TimeSpan.FromMinutes(10), key);
        if (forgery == "tampered") token = Tamper(token);
        var before = await DemandCountAsync();

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await DemandCountAsync());
    }

    [OidcFact]
    public async Task AValidTokenSignedWithTheProvidersKeyIsAccepted()
    {
        var token = fixture.Provider.Sign(AppClaims(), DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromMinutes(10));

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [OidcFact]
    public async Task APersonsDelegatedTokenIsForbiddenEvenWithTheIntakeRole()
    {
        var claims = AppClaims();
        claims["scp"] = "Demands.Register";
        claims["oid"] = OidcProvider.Riley.ObjectId;
        claims["roles"] = new[] { Roles.Intake, Roles.Reviewer };
        var token = fixture.Provider.Sign(claims, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromMinutes(10));

        using var response = await PostAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>The claims of the portal's app-only token, as the provider issues them.</summary>
    private Dictionary<string, object> AppClaims() => new()
    {
        ["iss"] = fixture.Provider.Issuer.ToString(),
        ["aud"] = OidcProvider.ApiAudience,
        ["sub"] = OidcProvider.Portal.ClientId,
        ["tid"] = OidcProvider.TenantId,
        ["oid"] = OidcProvider.Portal.ServicePrincipalId,
        ["azp"] = OidcProvider.Portal.ClientId,
        ["app_displayname"] = OidcProvider.Portal.Name,
        ["idtyp"] = "app",
        ["roles"] = new[] { Roles.Intake },
    };

    /// <summary>The same header and signature over a payload that names another application.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.DecodeBytes(parts[1]))!;
        var changed = payload.ToDictionary(p => p.Key, p => (object)p.Value);
        changed["app_displayname"] = "Someone Else";
        parts[1] = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(changed));
        return string.Join('.', parts);
    }
}
