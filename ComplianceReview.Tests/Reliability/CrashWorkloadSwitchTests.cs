using ComplianceReview.App.Diagnostics;
using ComplianceReview.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplianceReview.Tests.Reliability;

/// <summary>The crash harness's in-process workload is test-only: off unless switched on, refused in Production.</summary>
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
        using var factory = new IdentityAppFactory("Production", new Dictionary<string, string>(Entra)
        {
            ["CrashWorkload:Enabled"] = "true",
            ["DataProtection:CertificatePath"] = Infrastructure.TestCertificates.ProtectedKeys()["DataProtection:CertificatePath"],
            ["DataProtection:CertificatePassword"] = Infrastructure.TestCertificates.Password,
            ["AllowedHosts"] = "localhost",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Chain(exception), e => e is InvalidOperationException && e.Message == CrashWorkloadExtensions.ProductionRefused);
    }

    [Fact]
    public void TheWorkloadNeedsTheDevelopmentSignInItsWorkersActAs()
    {
        using var factory = new IdentityAppFactory("Development", new Dictionary<string, string>(Entra) { ["CrashWorkload:Enabled"] = "true" });

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
        using var factory = new IdentityAppFactory("Development", settings);

        var hosted = factory.Services.GetServices<IHostedService>();

        Assert.DoesNotContain(hosted, s => s.GetType().Name == "CrashWorkload");
    }

    [Fact]
    public void SwitchedOnInDevelopmentTheWorkloadRuns()
    {
        using var factory = new IdentityAppFactory("Development", new Dictionary<string, string>
        {
            ["Identity:DevelopmentSignIn"] = "true",
            ["CrashWorkload:Enabled"] = "true",
        });

        var hosted = factory.Services.GetServices<IHostedService>();

        Assert.Contains(hosted, s => s.GetType().Name == "CrashWorkload");
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
