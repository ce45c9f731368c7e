using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceReview.App.Documents;

/// <summary>
/// Removes what PDFsharp 6.2 makes random or host-specific when it saves: the six-letter font subset tags
/// (from <c>Guid.NewGuid()</c>), the XMP <c>xmpMM:DocumentID</c>/<c>InstanceID</c> uuids, and the trailing
/// "% Created with PDFsharp x.y.z under .NET" comment. PDFsharp offers no option for any of them.
/// </summary>
/// <remarks>
/// Tags and uuids are replaced by values of the same length, so every byte offset in the cross-reference table stays
/// valid. The comment sits between the trailer dictionary and <c>startxref</c>, after everything an offset points to,
/// so it is cut out. The determinism tests fail if a PDFsharp upgrade adds another source of randomness.
/// </remarks>
internal static partial class DeterministicPdf
{
    public static byte[] Normalise(byte[] pdf, ReadOnlySpan<byte> documentId)
    {
        // Latin-1 maps bytes to chars one to one, so binary streams survive the round trip unchanged.
        var text = Encoding.Latin1.GetString(pdf);

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        text = SubsetTag().Replace(text, match =>
        {
            var tag = match.Groups["tag"].Value;
            if (!tags.TryGetValue(tag, out var replacement))
            {
                replacement = SubsetTagFor(tags.Count);
                tags.Add(tag, replacement);
            }
            return "/" + replacement + "+";
        });

        var uuid = new Guid(documentId).ToString("D");
        text = XmpUuid().Replace(text, "uuid:" + uuid);
        text = WithoutTrailerComment(text);

        return Encoding.Latin1.GetBytes(text);
    }

    private static string WithoutTrailerComment(string text)
    {
        var startXref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var trailer = startXref < 0 ? -1 : text.LastIndexOf("trailer", startXref, StringComparison.Ordinal);
        if (trailer < 0) return text;
        var dictionaryEnd = text.LastIndexOf(">>", startXref, startXref - trailer, StringComparison.Ordinal);
        var comment = dictionaryEnd < 0 ? -1 : text.IndexOf('%', dictionaryEnd, startXref - dictionaryEnd);
        if (comment < 0) return text;
        var lineEnd = text.IndexOfAny(['\r', '\n'], comment);
        return string.Concat(text.AsSpan(0, comment), text.AsSpan(lineEnd));
    }

    /// <summary>The n-th font subset gets AAAAAA, AAAAAB, ...: six uppercase letters, as the PDF specification asks.</summary>
    private static string SubsetTagFor(int index)
    {
        Span<char> tag = stackalloc char[6];
        for (var i = 5; i >= 0; i--)
        {
            tag[i] = (char)('A' + index % 26);
            index /= 26;
        }
        return new string(tag);
    }

    [GeneratedRegex(@"/(?<tag>[A-Z]{6})\+(?=[A-Za-z0-9#])", RegexOptions.CultureInvariant)]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex XmpUuid();

}
