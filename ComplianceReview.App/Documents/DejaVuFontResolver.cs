using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace ComplianceReview.App.Documents;

/// <summary>
/// Serves the DejaVu fonts embedded in this assembly to PDFsharp, which finds no system font on Linux.
/// Every family name resolves to DejaVu, so a document never depends on what the host has installed.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string SansFamily = "DejaVu Sans";
    public const string MonoFamily = "DejaVu Sans Mono";

    private const string SansRegular = "DejaVuSans";
    private const string SansBold = "DejaVuSans-Bold";
    private const string MonoRegular = "DejaVuSansMono";

    private static readonly Lock RegistrationLock = new();
    private static readonly ConcurrentDictionary<string, byte[]> FaceCache = new(StringComparer.Ordinal);

    private DejaVuFontResolver()
    {
    }

    /// <summary>
    /// Installs the resolver as PDFsharp's global one. PDFsharp accepts a resolver once per process
    /// (the app and the tests share one), so this is idempotent and safe to call from any thread.
    /// </summary>
    public static void EnsureRegistered() =>
        EnsureRegistered(() => GlobalFontSettings.FontResolver, resolver => GlobalFontSettings.FontResolver = resolver, RegistrationLock);

    /// <summary>
    /// The registration against any slot: PDFsharp's global one, or (in tests) a fresh one, because the global slot can be
    /// set once per process and is already set by whichever test rendered first.
    /// </summary>
    internal static void EnsureRegistered(Func<IFontResolver?> get, Action<IFontResolver> set, Lock registrationLock)
    {
        if (get() is DejaVuFontResolver) return;
        lock (registrationLock)
        {
            switch (get())
            {
                case DejaVuFontResolver:
                    return;
                case null:
                    set(new DejaVuFontResolver());
                    return;
                case var other:
                    throw new InvalidOperationException(
                        $"PDFsharp already uses the font resolver {other.GetType().Name}; documents need {nameof(DejaVuFontResolver)}.");
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Mono has no bold face shipped; PDFsharp simulates bold and italic when asked.
        if (string.Equals(familyName, MonoFamily, StringComparison.OrdinalIgnoreCase))
            return new FontResolverInfo(MonoRegular, bold, italic);
        return bold ? new FontResolverInfo(SansBold, false, italic) : new FontResolverInfo(SansRegular, false, italic);
    }

    public byte[] GetFont(string faceName) => FaceCache.GetOrAdd(faceName, LoadFace);

    private static byte[] LoadFace(string faceName)
    {
        var resource = $"ComplianceReview.Fonts.{faceName}.ttf";
        using var stream = typeof(DejaVuFontResolver).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font resource {resource} is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
