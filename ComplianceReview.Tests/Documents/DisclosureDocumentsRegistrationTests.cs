using ComplianceReview.App.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PdfSharp.Fonts;

namespace ComplianceReview.Tests.Documents;

public sealed class DisclosureDocumentsRegistrationTests
{
    private static ServiceProvider Services(string? prefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Disclosure:BatesPrefix"] = prefix });
        builder.AddDisclosureDocuments();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void RendererIsASingletonAndTheBatesPrefixComesFromConfiguration()
    {
        using var services = Services("CR");

        Assert.Same(services.GetRequiredService<IDisclosurePackageRenderer>(), services.GetRequiredService<IDisclosurePackageRenderer>());
        Assert.Equal("CR", services.GetRequiredService<IOptions<DisclosureOptions>>().Value.BatesPrefix);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cr")]
    [InlineData("C R")]
    [InlineData("TOOLONGPREFIX")]
    public void InvalidBatesPrefixFailsValidation(string? prefix)
    {
        using var services = Services(prefix);

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DisclosureOptions>>().Value);
    }

    [Fact]
    public void FontResolverIsRegisteredOnceFromManyThreads()
    {
        Parallel.For(0, 32, _ => DejaVuFontResolver.EnsureRegistered());

        Assert.IsType<DejaVuFontResolver>(GlobalFontSettings.FontResolver);
    }
}
