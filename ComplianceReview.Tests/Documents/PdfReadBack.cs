using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace ComplianceReview.Tests.Documents;

/// <summary>A rendered PDF read back with PdfPig: page text in content order, metadata and the raw bytes.</summary>
internal sealed partial class PdfReadBack
{
    private PdfReadBack(IReadOnlyList<string> pages, IReadOnlyList<PageGeometry> geometry, IReadOnlyDictionary<string, string> information, string raw)
    {
        Pages = pages;
        Geometry = geometry;
        Information = information;
        Raw = raw;
    }

    /// <summary>Each page's letters in content-stream order (PDFsharp draws spaces, so words stay apart).</summary>
    public IReadOnlyList<string> Pages { get; }

    public IReadOnlyList<PageGeometry> Geometry { get; }

    /// <summary>The Info dictionary, key (without '/') to value as PdfPig decodes it.</summary>
    public IReadOnlyDictionary<string, string> Information { get; }

    /// <summary>The file's bytes as Latin-1 text, for searching metadata and anything else written in the clear.</summary>
    public string Raw { get; }

    /// <summary>The raw file with every stream's body cut out: the dictionaries, the XMP packet excepted, and the trailer.</summary>
    public string RawWithoutStreams => StreamBody().Replace(Raw, match =>
        match.Value.Contains("<x:xmpmeta", StringComparison.Ordinal) ? match.Value : "stream\nendstream");

    public string AllText => string.Join("\n", Pages);

    public string NormalisedText => Normalise(AllText);

    public static PdfReadBack Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<string>();
        var geometry = new List<PageGeometry>();
        foreach (var page in document.GetPages())
        {
            pages.Add(page.Text);
            var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
            geometry.Add(new PageGeometry(page.Width, page.Height,
                letters.Count == 0 ? 0 : letters.Min(l => l.BoundingBox.Left),
                letters.Count == 0 ? 0 : letters.Max(l => l.BoundingBox.Right),
                letters.Count == 0 ? 0 : letters.Min(l => l.BoundingBox.Bottom),
                letters.Count == 0 ? 0 : letters.Max(l => l.BoundingBox.Top)));
        }
        var information = (document.Information.DocumentInformationDictionary?.Data ?? new Dictionary<string, IToken>())
            .ToDictionary(kv => kv.Key, kv => kv.Value is StringToken s ? s.Data : kv.Value.ToString() ?? "", StringComparer.Ordinal);
        return new PdfReadBack(pages, geometry, information, Encoding.Latin1.GetString(pdf));
    }

    [GeneratedRegex(@"stream\r?\n.*?endstream", RegexOptions.Singleline)]
    private static partial Regex StreamBody();

    /// <summary>Text without any whitespace: PdfPig may split or join words differently from how they were drawn.</summary>
    public static string Normalise(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}

internal sealed record PageGeometry(double Width, double Height, double MinX, double MaxX, double MinY, double MaxY);
