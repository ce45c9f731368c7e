using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Identity;

public sealed class ProductionStartupTests
{
    [Theory]
    [InlineData("", "true")]
    [InlineData("", "false")]
    [InlineData("22222222-2222-2222-2222-222222222222", "true")]
    public void ProductionRefusesToStartWithDevelopmentSignIn(string clientId, string developmentSignIn)
    {
        using var factory = new IdentityAppFactory("Production", new Dictionary<string, string>(TestCertificates.ProtectedKeys())
        {
            ["AzureAd:TenantId"] = "11111111-1111-1111-1111-111111111111",
            ["AzureAd:ClientId"] = clientId,
            ["Identity:DevelopmentSignIn"] = developmentSignIn,
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Flatten(exception), e =>
            e is InvalidOperationException
            && e.Message.Contains("Development sign-in is refused in the Production environment", StringComparison.Ordinal));
    }

    [Fact]
    public void ProductionRefusesToStartWithAnUnprotectedKeyRing()
    {
        using var factory = new IdentityAppFactory("Production", new Dictionary<string, string>
        {
            ["AzureAd:TenantId"] = "11111111-1111-1111-1111-111111111111",
            ["AzureAd:ClientId"] = "22222222-2222-2222-2222-222222222222",
            ["Identity:DevelopmentSignIn"] = "false",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Flatten(exception), e => e is InvalidOperationException && e.Message == DataProtectionExtensions.ProductionKeysUnprotected);
    }

    [Fact]
    public void ACertificateThatCannotBeLoadedIsNamed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "cr-tests", $"missing-{Guid.NewGuid():N}.pfx");
        using var factory = new IdentityAppFactory("Production", new Dictionary<string, string>(TestCertificates.ProtectedKeys(missing))
        {
            ["AzureAd:TenantId"] = "11111111-1111-1111-1111-111111111111",
            ["AzureAd:ClientId"] = "22222222-2222-2222-2222-222222222222",
            ["Identity:DevelopmentSignIn"] = "false",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Flatten(exception), e => e is InvalidOperationException && e.Message.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void DevelopmentWithNeitherEntraNorDevelopmentSignInRefusesToStart()
    {
        using var factory = new IdentityAppFactory("Development", new Dictionary<string, string>
        {
            ["AzureAd:ClientId"] = "",
            ["Identity:DevelopmentSignIn"] = "false",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Flatten(exception), e => e.Message.Contains("No sign-in is configured", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
