using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>
/// Real PDFs for uploads, written with PDFsharp (the app's own PDF library): the order-document check parses what it
/// is given, so a stand-in that only starts with <c>%PDF-</c> and ends with <c>%%EOF</c> is refused.
/// </summary>
public static class TestPdfs
{
    /// <summary>A one-page PDF (a framed page with a line; no text, so no font is needed).</summary>
    public static readonly byte[] Order = Create();

    public static byte[] Create(int pages = 1)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            graphics.DrawRectangle(XPens.Black, 40, 40, page.Width.Point - 80, page.Height.Point - 80);
            graphics.DrawLine(XPens.Black, 60, 100, page.Width.Point - 60, 100 + i);
        }
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>
    /// <see cref="Order"/> padded to exactly <paramref name="size"/> bytes and still readable: spaces after the original
    /// end, then a second <c>startxref</c> pointing at the original cross-reference table, as an incremental save ends.
    /// </summary>
    public static byte[] PaddedTo(long size)
    {
        var original = Latin1(Order);
        var at = original.LastIndexOf("startxref", StringComparison.Ordinal);
        var offset = int.Parse(original[(at + "startxref".Length)..].Trim().Split('\n')[0].Trim(), CultureInfo.InvariantCulture);
        var tail = Encoding.Latin1.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\nstartxref\n{offset}\n%%EOF\n"));
        var content = new byte[size];
        content.AsSpan().Fill((byte)' ');
        Order.CopyTo(content, 0);
        tail.CopyTo(content.AsSpan(content.Length - tail.Length));
        return content;
    }

    /// <summary>The body between the header line and the cross-reference table replaced by garbage: header and %%EOF stay.</summary>
    public static byte[] GarbageBody()
    {
        var content = (byte[])Order.Clone();
        var text = Latin1(content);
        var bodyStart = text.IndexOf('\n', StringComparison.Ordinal) + 1;
        var xref = text.LastIndexOf("\nxref", StringComparison.Ordinal);
        var random = new Random(10);
        for (var i = bodyStart; i < xref; i++) content[i] = (byte)random.Next(0x20, 0x7F);
        return content;
    }

    /// <summary>The cross-reference table cut after its first entries, then a <c>startxref</c> and <c>%%EOF</c> as if whole.</summary>
    public static byte[] TruncatedCrossReference()
    {
        var text = Latin1(Order);
        var xref = text.LastIndexOf("\nxref", StringComparison.Ordinal) + 1;
        var cut = text[..(xref + 40)] + string.Create(CultureInfo.InvariantCulture, $"\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(cut);
    }

    /// <summary>A well-formed PDF whose page tree says it has no pages (same length, so every offset still holds).</summary>
    public static byte[] WithoutPages()
    {
        var text = Latin1(Order);
        if (!text.Contains("/Count 1", StringComparison.Ordinal)) throw new InvalidOperationException("The page tree's count was not found.");
        return Encoding.Latin1.GetBytes(text.Replace("/Count 1", "/Count 0", StringComparison.Ordinal));
    }

    private static string Latin1(byte[] content) => Encoding.Latin1.GetString(content);
}
