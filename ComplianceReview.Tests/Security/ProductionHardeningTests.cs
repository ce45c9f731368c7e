using ComplianceReview.Tests.Identity;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceReview.Tests.Security;

/// <summary>What Production turns on and off (startup refusals are in Identity/ProductionStartupTests).</summary>
public sealed class ProductionHardeningTests
{
    [Fact]
    public void DetailedCircuitErrorsAreOffInProduction()
    {
        using var production = new EntraAppFactory();

        Assert.False(production.Services.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors);
    }

    [Fact]
    public void DetailedCircuitErrorsAreOnlyForDevelopment()
    {
        using var development = new DevelopmentIdentityAppFactory();

        Assert.True(development.Services.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors);
    }

    [Fact]
    public async Task ProductionSendsStrictTransportSecurityOverHttps()
    {
        using var production = new EntraAppFactory();
        // Not localhost: HSTS leaves loopback names out by design.
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://compliance.example.com") });

        var response = await client.GetAsync("/health");

        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.StartsWith("max-age=", hsts, StringComparison.Ordinal);
        Assert.True(int.Parse(hsts["max-age=".Length..].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture) >= 30 * 24 * 3600);
    }

    [Fact]
    public async Task HstsIsNotSentOverPlainHttp()
    {
        using var production = new EntraAppFactory();
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://compliance.example.com") });

        var response = await client.GetAsync("/health");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
