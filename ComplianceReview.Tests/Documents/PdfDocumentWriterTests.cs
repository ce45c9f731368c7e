using ComplianceReview.App.Documents;

namespace ComplianceReview.Tests.Documents;

public sealed class PdfDocumentWriterTests
{
    private static readonly PdfDocumentMetadata Metadata = new(
        "Writer test", "ComplianceReview", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new byte[16]);

    private static byte[] Write(Action<PdfDocumentWriter> content, Func<PageNumbering, PageFooter>? footer = null)
    {
        using var writer = new PdfDocumentWriter(Metadata);
        content(writer);
        return writer.Save(footer);
    }

    [Fact]
    public void TableOverSeveralPagesRepeatsItsHeaderOnEveryPage()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"row {i:000}", $"value {i}"]).ToList();

        var pdf = PdfReadBack.Read(Write(w => w.Table(["Alpha column", "Beta column"], rows)));

        Assert.True(pdf.Pages.Count >= 4, $"{pdf.Pages.Count} pages");
        Assert.All(pdf.Pages.Select(PdfReadBack.Normalise), page => Assert.StartsWith("AlphacolumnBetacolumnrow", page));
        var text = pdf.NormalisedText;
        Assert.All(rows, row => Assert.Contains(PdfReadBack.Normalise(row[0] + row[1]), text));
    }

    [Fact]
    public void LongValuesWrapInsideTheirCellAndNothingIsCut()
    {
        var unbroken = string.Concat(Enumerable.Range(0, 400).Select(i => (char)('A' + i % 26))) + "END";
        var prose = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"word{i}"));
        IReadOnlyList<IReadOnlyList<string>> rows = [["short", unbroken, prose]];

        var pdf = PdfReadBack.Read(Write(w => w.Table(["Key", "Token", "Text"], rows)));

        Assert.Contains(PdfReadBack.Normalise("short" + unbroken + prose), pdf.NormalisedText);
        Assert.All(pdf.Geometry, page =>
        {
            Assert.InRange(page.MinX, 49, page.Width - 49);
            Assert.InRange(page.MaxX, 49, page.Width - 49);
        });
    }

    [Fact]
    public void RowTallerThanAPageIsSplitAcrossPagesWithoutLosingLines()
    {
        var lines = Enumerable.Range(1, 250).Select(i => $"line {i:000} of a very long e-mail body");
        IReadOnlyList<IReadOnlyList<string>> rows = [["2026-01-02", string.Join('\n', lines)], ["2026-01-03", "after"]];

        var pdf = PdfReadBack.Read(Write(w => w.Table(["Sent at", "Body"], rows)));

        Assert.True(pdf.Pages.Count >= 3);
        var text = pdf.NormalisedText;
        Assert.All(lines, line => Assert.Contains(PdfReadBack.Normalise(line), text));
        Assert.Contains("after", pdf.Pages[^1]);
        Assert.All(pdf.Geometry, page => Assert.InRange(page.MinY, 50 + 28 - 1, page.Height));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(120)]
    public void HeadingAndHeaderRowAreNeverLeftAloneAtTheFootOfAPage(int bodyLines)
    {
        var body = string.Join('\n', Enumerable.Range(1, bodyLines).Select(i => $"line {i:000}"));
        IReadOnlyList<IReadOnlyList<string>> rows = [["2026-01-02", body]];

        var pdf = PdfReadBack.Read(Write(w =>
        {
            for (var i = 0; i < 50; i++) w.Paragraph($"filler {i}");
            w.Heading("E-mail content", 2);
            w.Table(["Sent at", "Body"], rows);
        }));

        var withHeader = pdf.Pages.Select(PdfReadBack.Normalise).Where(p => p.Contains("SentatBody", StringComparison.Ordinal)).ToList();
        Assert.Contains("E-mailcontentSentatBody2026-01-02line001", withHeader[0]);
        Assert.All(withHeader, page => Assert.Matches("SentatBody(2026-01-02)?line", page));
        var text = pdf.NormalisedText;
        Assert.All(body.Split('\n'), line => Assert.Contains(PdfReadBack.Normalise(line), text));
    }

    [Fact]
    public void FooterKnowsThePageCount()
    {
        var pdf = PdfReadBack.Read(Write(
            w =>
            {
                w.Paragraph("one");
                w.PageBreak();
                w.Paragraph("two");
                w.PageBreak();
                w.PageBreak();
                w.Paragraph("three");
            },
            page => new PageFooter("left", $"Page {page.PageNumber} of {page.PageCount}", "right")));

        Assert.Equal(3, pdf.Pages.Count);
        Assert.Equal(["oneleftPage1of3right", "twoleftPage2of3right", "threeleftPage3of3right"], pdf.Pages.Select(PdfReadBack.Normalise));
    }

    [Fact]
    public void ControlCharactersAndLineBreaksAreKeptReadable()
    {
        var pdf = PdfReadBack.Read(Write(w => w.Paragraph("first\r\nsecond\tthird\u0007fourth")));

        Assert.Equal("firstsecondthirdfourth", PdfReadBack.Normalise(pdf.Pages[0]));
    }

    [Fact]
    public void DocumentIdMustHaveSixteenBytes()
    {
        Assert.Throws<ArgumentException>(() => new PdfDocumentWriter(Metadata with { DocumentId = new byte[8] }));
    }

    [Fact]
    public void SameCallsGiveTheSameBytes()
    {
        static void Content(PdfDocumentWriter w)
        {
            w.Heading("Heading");
            w.KeyValues([new("Key", "Value")]);
            w.Paragraph("abc", PdfTextStyle.Monospace);
            w.Paragraph("bold", PdfTextStyle.Bold);
        }

        Assert.Equal(Write(Content), Write(Content));
    }
}
