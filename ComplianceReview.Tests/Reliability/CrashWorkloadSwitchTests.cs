using ComplianceReview.Diagnostics;
using ComplianceReview.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplianceReview.Tests.Reliability;

/// <summary>
/// The crash harness's in-process workload and the memory endpoint are tools, not product: absent from the app's assembly
/// and its host unless a tool loads ComplianceReview.Diagnostics; loaded, they are off unless switched on and refused in
/// Production.
/// </summary>
public sealed class CrashWorkloadSwitchTests
{
    private static readonly Dictionary<string, string> Entra = new()
    {
        ["AzureAd:TenantId"] = "11111111-1111-1111-1111-111111111111",
        ["AzureAd:ClientId"] = "22222222-2222-2222-2222-222222222222",
        ["AzureAd:ClientSecret"] = "not-a-secret",
        ["Identity:DevelopmentSignIn"] = "false",
    };

    [Fact]
    public void ProductionRefusesToStartWithTheWorkloadOn()
    {
        using var factory = new DiagnosticsAppFactory("Production", new Dictionary<string, string>(Entra)
        {
            ["DataProtection:CertificatePath"] = Infrastructure.TestCertificates.ProtectedKeys()["DataProtection:CertificatePath"],
            ["DataProtection:CertificatePassword"] = Infrastructure.TestCertificates.Password,
            ["AllowedHosts"] = "localhost",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Chain(exception), e => e is InvalidOperationException && e.Message == DiagnosticsHostingStartup.ProductionRefused);
    }

    [Fact]
    public void TheWorkloadNeedsTheDevelopmentSignInItsWorkersActAs()
    {
        using var factory = new DiagnosticsAppFactory("Development", new Dictionary<string, string>(Entra) { ["CrashWorkload:Enabled"] = "true" });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Chain(exception), e => e.Message == CrashWorkloadExtensions.NeedsDevelopmentSignIn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void TheWorkloadIsOffUnlessSwitchedOn(string? enabled)
    {
        var settings = new Dictionary<string, string> { ["Identity:DevelopmentSignIn"] = "true" };
        if (enabled is not null) settings["CrashWorkload:Enabled"] = enabled;
        using var factory = new DiagnosticsAppFactory("Development", settings);

        var hosted = factory.Services.GetServices<IHostedService>();

        Assert.DoesNotContain(hosted, s => s.GetType().Name == "CrashWorkload");
    }

    [Fact]
    public void SwitchedOnInDevelopmentTheWorkloadRuns()
    {
        using var factory = new DiagnosticsAppFactory("Development", new Dictionary<string, string>
        {
            ["Identity:DevelopmentSignIn"] = "true",
            ["CrashWorkload:Enabled"] = "true",
        });

        var hosted = factory.Services.GetServices<IHostedService>();

        Assert.Contains(hosted, s => s.GetType().Name == "CrashWorkload");
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Staging", false)]
    public async Task TheMemoryEndpointIsMappedInDevelopmentOnly(string environment, bool mapped)
    {
        using var factory = new DiagnosticsAppFactory(environment, new Dictionary<string, string>
        {
            ["Identity:DevelopmentSignIn"] = "true",
            [MemoryEndpoint.ConfigKey] = "true",
        });
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(MemoryEndpoint.Path);

        Assert.Equal(mapped, response.StatusCode == System.Net.HttpStatusCode.OK);
        if (mapped) Assert.Contains("\"managedBytes\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheToolsNoSettingTurnsThemOn()
    {
        // The product's own configuration asks for both; the product has neither.
        using var factory = new IdentityAppFactory("Development", new Dictionary<string, string>
        {
            ["Identity:DevelopmentSignIn"] = "true",
            ["CrashWorkload:Enabled"] = "true",
            [MemoryEndpoint.ConfigKey] = "true",
        });
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(MemoryEndpoint.Path);

        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(), s => s.GetType().Name == "CrashWorkload");
        var product = typeof(Program).Assembly;
        Assert.DoesNotContain(product.GetReferencedAssemblies(), a => a.Name == typeof(DiagnosticsHostingStartup).Assembly.GetName().Name);
        Assert.DoesNotContain(product.GetTypes(), t => t.Name is "CrashWorkload" or "MemoryEndpoint" or "DiagnosticsEndpoints");
    }

    /// <summary>The app as a tool starts it: with ComplianceReview.Diagnostics joined to its host, as the startup hook does.</summary>
    private sealed class DiagnosticsAppFactory(string environment, IReadOnlyDictionary<string, string> settings)
        : IdentityAppFactory(environment, settings)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            new DiagnosticsHostingStartup().Configure(builder);
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
            }
        }
    }
}
