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

    /// <summary>
    /// PDFsharp's global slot can be set once per process and another test may have set it already, so the registration is
    /// raced against a fresh slot: 16 threads released at once, and the resolver must be installed exactly once.
    /// </summary>
    [Fact]
    public void FontResolverIsRegisteredOnceFromManyThreads()
    {
        const int Threads = 16;
        IFontResolver? slot = null;
        var installs = 0;
        var registrationLock = new Lock();
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            DejaVuFontResolver.EnsureRegistered(() => Volatile.Read(ref slot), resolver =>
            {
                Interlocked.Increment(ref installs);
                Thread.Yield(); // widen the window that a missing lock would leave open
                Volatile.Write(ref slot, resolver);
            }, registrationLock);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(1, installs);
        Assert.IsType<DejaVuFontResolver>(slot);
    }

    [Fact]
    public void AnotherResolverInTheSlotIsRefusedAndKept()
    {
        IFontResolver other = new OtherResolver();

        var refused = Assert.Throws<InvalidOperationException>(() => DejaVuFontResolver.EnsureRegistered(() => other, r => other = r, new Lock()));

        Assert.Contains(nameof(OtherResolver), refused.Message, StringComparison.Ordinal);
        Assert.IsType<OtherResolver>(other);
    }

    [Fact]
    public void TheGlobalSlotHoldsTheDejaVuResolverAfterRegistration()
    {
        DejaVuFontResolver.EnsureRegistered();

        Assert.IsType<DejaVuFontResolver>(GlobalFontSettings.FontResolver);
    }

    private sealed class OtherResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => null;

        public byte[]? GetFont(string faceName) => null;
    }
}
