using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceReview.App.Documents;

/// <summary>What a document says about itself. Nothing else goes into the file's metadata.</summary>
/// <param name="Title">The document title (Info dictionary and XMP).</param>
/// <param name="Creator">The application name, without a version.</param>
/// <param name="CreatedAt">Creation and modification date: a fixed instant, never "now", so output is reproducible.</param>
/// <param name="DocumentId">16 bytes for the trailer's /ID and the XMP ids, derived from the content, never random.</param>
public sealed record PdfDocumentMetadata(string Title, string Creator, DateTimeOffset CreatedAt, ReadOnlyMemory<byte> DocumentId);

/// <summary>The page being numbered and the document's final page count.</summary>
public readonly record struct PageNumbering(int PageNumber, int PageCount);

/// <summary>Footer text for one page: left-, centre- and right-aligned parts, any of them optional.</summary>
public sealed record PageFooter(string? Left = null, string? Center = null, string? Right = null);

public enum PdfTextStyle
{
    Normal,
    Bold,
    Small,
    Monospace,
}

/// <summary>
/// A small flow-layout engine over PDFsharp's <see cref="XGraphics"/>: A4 portrait pages, headings, wrapped paragraphs,
/// key/value blocks and tables that wrap their cells, break across pages and repeat their header row. Footers are drawn
/// after the content, so they can say "page x of y". Output is deterministic: the same calls give the same bytes.
/// </summary>
/// <remarks>Not thread-safe: one writer builds one document on one thread.</remarks>
public sealed class PdfDocumentWriter : IDisposable
{
    /// <summary>
    /// PDFsharp keeps a /Producer only when it starts with its own name; anything else gets its version number prepended.
    /// This fixed value carries no version.
    /// </summary>
    public const string Producer = "PDFsharp";

    private const double Margin = 50;
    private const double FooterHeight = 28;
    private const double CellPadding = 3;
    private const double ParagraphSpacing = 5;
    private const int ColumnSampleRows = 200;
    private const double MinimumColumnWidth = 36;

    private static readonly XPen GridPen = new(XColor.FromArgb(150, 150, 150), 0.5);
    private static readonly XPen FooterRulePen = new(XColor.FromArgb(120, 120, 120), 0.5);
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(232, 232, 232));
    private static readonly XBrush TextBrush = XBrushes.Black;

    private readonly PdfDocument _document = new();
    private readonly PdfDocumentMetadata _metadata;
    private readonly CancellationToken _cancellationToken;
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _small;
    private readonly XFont _mono;
    private readonly XFont _tableRegular;
    private readonly XFont _tableBold;
    private readonly XFont[] _headingFonts;

    private XGraphics? _graphics;
    private double _y;
    private bool _pageHasContent;
    private bool _onlyHeaderOnPage;
    private bool _headingLast;
    private (List<string> Lines, XFont Font)? _pendingHeading;
    private bool _saved;

    public PdfDocumentWriter(PdfDocumentMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.DocumentId.Length != 16) throw new ArgumentException("The document id has 16 bytes.", nameof(metadata));
        DejaVuFontResolver.EnsureRegistered();

        _metadata = metadata;
        _cancellationToken = cancellationToken;
        _regular = Font(DejaVuFontResolver.SansFamily, 10, XFontStyleEx.Regular);
        _bold = Font(DejaVuFontResolver.SansFamily, 10, XFontStyleEx.Bold);
        _small = Font(DejaVuFontResolver.SansFamily, 8, XFontStyleEx.Regular);
        _mono = Font(DejaVuFontResolver.MonoFamily, 9, XFontStyleEx.Regular);
        _tableRegular = Font(DejaVuFontResolver.SansFamily, 8.5, XFontStyleEx.Regular);
        _tableBold = Font(DejaVuFontResolver.SansFamily, 8.5, XFontStyleEx.Bold);
        _headingFonts =
        [
            Font(DejaVuFontResolver.SansFamily, 16, XFontStyleEx.Bold),
            Font(DejaVuFontResolver.SansFamily, 13, XFontStyleEx.Bold),
            Font(DejaVuFontResolver.SansFamily, 11, XFontStyleEx.Bold),
        ];

        // Fonts are embedded as subsets with Identity-H encoding and a ToUnicode map, so text can be extracted again.
        static XFont Font(string family, double size, XFontStyleEx style) =>
            new(family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode));

        StartPage();
    }

    /// <summary>Pages started so far (the current page included).</summary>
    public int PageCount => _document.PageCount;

    /// <summary>The width between the left and right margins, in points.</summary>
    public double ContentWidth => PageWidth - 2 * Margin;

    private double PageWidth => _document.Pages[0].Width.Point;

    private double PageHeight => _document.Pages[0].Height.Point;

    private double ContentBottom => PageHeight - Margin - FooterHeight;

    private XGraphics Graphics => _graphics ?? throw new InvalidOperationException("The document has been saved.");

    /// <summary>A heading of level 1 to 3. It is drawn with the next block, so it never stands alone at the foot of a page.</summary>
    public void Heading(string text, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, _headingFonts.Length);
        FlushHeading(0);
        var font = _headingFonts[level - 1];
        _pendingHeading = (Wrap(text, font, ContentWidth), font);
    }

    private void FlushHeading(double keepWithNext)
    {
        if (_pendingHeading is not var (lines, font)) return;
        _pendingHeading = null;
        var lineHeight = font.GetHeight();
        var spaceBefore = _pageHasContent ? lineHeight * 0.8 : 0;
        var spaceAfter = lineHeight * 0.35;
        // Keep the heading with all of the next block when both fit on a page, else with a third of a page of it.
        var height = lines.Count * lineHeight + spaceAfter;
        var room = height + keepWithNext <= ContentBottom - Margin ? keepWithNext : Math.Min(keepWithNext, (ContentBottom - Margin) / 3);
        if (_y + spaceBefore + height + room > ContentBottom) StartPage();
        else _y += spaceBefore;
        DrawLines(lines, font, Margin);
        _y += spaceAfter;
        _headingLast = true;
    }

    /// <summary>A paragraph, word-wrapped; line breaks in the text are kept; it breaks across pages line by line.</summary>
    public void Paragraph(string text, PdfTextStyle style = PdfTextStyle.Normal)
    {
        var font = style switch
        {
            PdfTextStyle.Bold => _bold,
            PdfTextStyle.Small => _small,
            PdfTextStyle.Monospace => _mono,
            _ => _regular,
        };
        var lines = Wrap(text, font, ContentWidth);
        FlushHeading(Math.Min(lines.Count, 2) * font.GetHeight());
        DrawLines(lines, font, Margin);
        _y += ParagraphSpacing;
    }

    /// <summary>Vertical space, in points; at the top of a page it is dropped.</summary>
    public void Space(double points)
    {
        FlushHeading(0);
        if (_pageHasContent) _y = Math.Min(_y + points, ContentBottom);
    }

    /// <summary>Starts a new page, unless the current page is still empty.</summary>
    public void PageBreak()
    {
        FlushHeading(0);
        if (_pageHasContent) StartPage();
    }

    /// <summary>Label/value pairs in two columns, labels in bold; long values wrap.</summary>
    public void KeyValues(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var keyWidth = Math.Round(ContentWidth * 0.3);
        double[] widths = [keyWidth, ContentWidth - keyWidth];
        var pending = pairs.ToList();
        if (pending.Count > 0) FlushHeading(RowHeight([pending[0].Key, pending[0].Value], widths, RowKind.KeyValue));
        foreach (var (key, value) in pending)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            DrawRow([key, value], widths, RowKind.KeyValue, repeatHeader: null);
        }
        _y += ParagraphSpacing;
    }

    /// <summary>
    /// A table with a header row. Column widths follow the content (short columns stay on one line, long ones share
    /// what is left); cells wrap, very long tokens are broken; rows break across pages and the header row is repeated.
    /// </summary>
    /// <param name="headers">Column headers; every row has as many cells.</param>
    /// <param name="rows">The rows, in order.</param>
    /// <param name="rowWritten">Called with each row's index after it is laid out (for progress reporting).</param>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, Action<int>? rowWritten = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0) throw new ArgumentException("A table has at least one column.", nameof(headers));

        var widths = ColumnWidths(headers, rows);
        // Start on a new page unless the header and the first row (or its first line, if it is taller than a page) fit.
        var headerHeight = RowHeight(headers, widths, RowKind.Header);
        var firstRow = rows.Count > 0 ? RowHeight(rows[0], widths, RowKind.Body) : 0;
        var firstRowMinimum = 2 * CellPadding + _tableRegular.GetHeight();
        var needed = firstRow <= ContentBottom - Margin - headerHeight ? Math.Max(firstRow, firstRowMinimum) : firstRowMinimum;
        FlushHeading(headerHeight + needed);
        if (!_headingLast && _y + headerHeight + needed > ContentBottom) StartPage();
        DrawRow(headers, widths, RowKind.Header, repeatHeader: null);
        void RepeatHeader() => DrawRow(headers, widths, RowKind.Header, repeatHeader: null);

        for (var i = 0; i < rows.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var row = rows[i];
            if (row.Count != headers.Count)
                throw new ArgumentException($"Row {i} has {row.Count} cells; the table has {headers.Count} columns.", nameof(rows));
            DrawRow(row, widths, RowKind.Body, RepeatHeader);
            rowWritten?.Invoke(i);
        }
        _y += ParagraphSpacing;
    }

    /// <summary>
    /// Draws every page's footer (now that the page count is known), applies the metadata and returns the PDF.
    /// </summary>
    /// <param name="footer">Gives the footer for a page; called once per page, in order.</param>
    public byte[] Save(Func<PageNumbering, PageFooter>? footer = null)
    {
        if (_saved) throw new InvalidOperationException("The document has been saved already.");
        FlushHeading(0);
        _saved = true;
        _graphics?.Dispose();
        _graphics = null;

        var pageCount = _document.PageCount;
        if (footer is not null)
        {
            for (var i = 0; i < pageCount; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var content = footer(new PageNumbering(i + 1, pageCount));
                using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
                DrawFooter(graphics, content);
            }
        }

        ApplyMetadata();
        // Deflate's fastest level: a small package's time is mostly compressing its streams and font subsets (4 pages in
        // 3.3 ms instead of 4.8 ms, 101 pages in 64 ms instead of 72 ms), for files 22-35 % larger
        // (docs/benchmarks.md, PDF).
        _document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        // PDFsharp 6.2 ends a page's content streams without deflate's final block (qpdf --check: "input stream is complete
        // but output may still be valid", twice a page: the body and the appended footer). Content streams are written
        // uncompressed instead, so every generated PDF passes qpdf --check without warnings; fonts stay compressed
        // (QpdfCheckTests; the size cost is in docs/benchmarks.md).
        _document.Options.CompressContentStreams = false;
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return DeterministicPdf.Normalise(stream.ToArray(), _metadata.DocumentId.Span);
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _graphics = null;
        _document.Dispose();
    }

    private void ApplyMetadata()
    {
        var info = _document.Info;
        info.Title = _metadata.Title;
        info.Creator = _metadata.Creator;
        info.Elements.SetString("/Producer", Producer);
        // UTC, so the file does not reveal the server's time zone.
        var created = _metadata.CreatedAt.UtcDateTime;
        info.CreationDate = created;
        info.ModificationDate = created;

        // The trailer's /ID is random by default; PDFsharp writes each character of this string as one byte.
        var id = Encoding.Latin1.GetString(_metadata.DocumentId.Span);
        _document.Internals.FirstDocumentID = id;
        _document.Internals.SecondDocumentID = id;
    }

    private void StartPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
        _pageHasContent = false;
        _onlyHeaderOnPage = false;
        _headingLast = false;
    }

    private void DrawLines(IReadOnlyList<string> lines, XFont font, double x)
    {
        var lineHeight = font.GetHeight();
        foreach (var line in lines)
        {
            if (_y + lineHeight > ContentBottom) StartPage();
            DrawText(line, font, x, _y);
            _y += lineHeight;
            _pageHasContent = true;
            _onlyHeaderOnPage = false;
            _headingLast = false;
        }
    }

    private void DrawText(string text, XFont font, double x, double top)
    {
        if (text.Length == 0) return;
        Graphics.DrawString(text, font, TextBrush, new XPoint(x, top), XStringFormats.TopLeft);
    }

    private void DrawFooter(XGraphics graphics, PageFooter content)
    {
        var top = PageHeight - Margin - FooterHeight + 10;
        graphics.DrawLine(FooterRulePen, Margin, top - 4, PageWidth - Margin, top - 4);
        if (!string.IsNullOrEmpty(content.Left))
            graphics.DrawString(Clean(content.Left), _small, TextBrush, new XPoint(Margin, top), XStringFormats.TopLeft);
        if (!string.IsNullOrEmpty(content.Center))
            graphics.DrawString(Clean(content.Center), _small, TextBrush, new XPoint(PageWidth / 2, top), XStringFormats.TopCenter);
        if (!string.IsNullOrEmpty(content.Right))
            graphics.DrawString(Clean(content.Right), _small, TextBrush, new XPoint(PageWidth - Margin, top), XStringFormats.TopRight);
    }

    private enum RowKind
    {
        Header,
        Body,
        KeyValue,
    }

    private XFont CellFont(RowKind kind, int column) => kind switch
    {
        RowKind.Header => _tableBold,
        RowKind.KeyValue => column == 0 ? _bold : _regular,
        _ => _tableRegular,
    };

    private List<string>[] WrapCells(IReadOnlyList<string> cells, double[] widths, RowKind kind)
    {
        var wrapped = new List<string>[cells.Count];
        for (var c = 0; c < cells.Count; c++)
            wrapped[c] = Wrap(cells[c], CellFont(kind, c), widths[c] - 2 * CellPadding);
        return wrapped;
    }

    private double LineHeight(RowKind kind) => kind == RowKind.KeyValue ? _regular.GetHeight() : _tableRegular.GetHeight();

    private double RowHeight(IReadOnlyList<string> cells, double[] widths, RowKind kind) =>
        WrapCells(cells, widths, kind).Max(l => l.Count) * LineHeight(kind) + 2 * CellPadding;

    /// <summary>
    /// Lays out one row. A row that does not fit moves to the next page (after the repeated header); a row taller than
    /// a whole page is split line by line, so nothing is ever cut off.
    /// </summary>
    private void DrawRow(IReadOnlyList<string> cells, double[] widths, RowKind kind, Action? repeatHeader)
    {
        var lines = WrapCells(cells, widths, kind);
        var lineHeight = LineHeight(kind);
        var total = Math.Max(1, lines.Max(l => l.Count));
        var start = 0;
        while (start < total)
        {
            var remaining = total - start;
            var fitting = (int)Math.Floor((ContentBottom - _y - 2 * CellPadding) / lineHeight);
            int take;
            if (fitting >= remaining)
            {
                take = remaining;
            }
            else if (fitting < 1 || (start == 0 && !_onlyHeaderOnPage && !_headingLast && remaining <= LinesOnFreshPage(lineHeight, repeatHeader is not null)))
            {
                // Keep the row whole on the next page when it fits there, unless that would leave a header or heading alone here.
                NextPage(repeatHeader);
                continue;
            }
            else
            {
                take = fitting;
            }

            DrawRowSlice(lines, widths, kind, start, take, lineHeight);
            start += take;
        }
    }

    private int LinesOnFreshPage(double lineHeight, bool withHeader)
    {
        var headerAllowance = withHeader ? 2 * CellPadding + 2 * _tableBold.GetHeight() : 0;
        return (int)Math.Floor((ContentBottom - Margin - headerAllowance - 2 * CellPadding) / lineHeight);
    }

    private void NextPage(Action? repeatHeader)
    {
        StartPage();
        repeatHeader?.Invoke();
    }

    private void DrawRowSlice(List<string>[] lines, double[] widths, RowKind kind, int start, int take, double lineHeight)
    {
        var height = take * lineHeight + 2 * CellPadding;
        var x = Margin;
        for (var c = 0; c < lines.Length; c++)
        {
            var rect = new XRect(x, _y, widths[c], height);
            if (kind == RowKind.Header) Graphics.DrawRectangle(HeaderFill, rect);
            if (kind != RowKind.KeyValue) Graphics.DrawRectangle(GridPen, rect);

            var font = CellFont(kind, c);
            var cellLines = lines[c];
            for (var l = start; l < Math.Min(start + take, cellLines.Count); l++)
                DrawText(cellLines[l], font, x + CellPadding, _y + CellPadding + (l - start) * lineHeight);
            x += widths[c];
        }
        _y += height;
        _pageHasContent = true;
        _onlyHeaderOnPage = kind == RowKind.Header;
        _headingLast = false;
    }

    /// <summary>
    /// Short columns keep their natural width; the long ones share the rest in proportion ("water filling"). Natural widths
    /// are measured on the header and the first rows, so the layout does not depend on the table's length.
    /// </summary>
    private double[] ColumnWidths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var count = headers.Count;
        var natural = new double[count];
        var minimum = new double[count];
        for (var c = 0; c < count; c++)
        {
            var widest = Measure(headers[c], _tableBold);
            for (var r = 0; r < Math.Min(rows.Count, ColumnSampleRows); r++)
            {
                if (c < rows[r].Count) widest = Math.Max(widest, Measure(rows[r][c], _tableRegular));
            }
            natural[c] = Math.Min(widest + 2 * CellPadding + 1, ContentWidth);
            var longestHeaderWord = Clean(headers[c]).Split(' ').Max(w => Measure(w, _tableBold));
            minimum[c] = Math.Max(MinimumColumnWidth, longestHeaderWord + 2 * CellPadding + 1);
        }

        var widths = new double[count];
        var open = Enumerable.Range(0, count).ToList();
        var available = ContentWidth;
        while (open.Count > 0)
        {
            var share = available / open.Count;
            var fits = open.Where(c => natural[c] <= share).ToList();
            if (fits.Count == 0)
            {
                // The long columns share what is left in proportion to their natural widths.
                var demand = open.Sum(c => natural[c]);
                foreach (var c in open) widths[c] = available * natural[c] / demand;
                available = 0;
                break;
            }
            foreach (var c in fits)
            {
                widths[c] = natural[c];
                available -= natural[c];
                open.Remove(c);
            }
        }

        // Everything fitted: spread the spare width in proportion, so the table spans the page.
        if (available > 0)
        {
            var sum = widths.Sum();
            for (var c = 0; c < count; c++) widths[c] += available * widths[c] / sum;
        }

        // Header words stay whole where the page allows it; the widest columns give the width back.
        for (var c = 0; c < count; c++)
        {
            var deficit = minimum[c] - widths[c];
            if (deficit <= 0) continue;
            var donor = Enumerable.Range(0, count).MaxBy(i => widths[i] - minimum[i]);
            var spare = widths[donor] - minimum[donor];
            if (donor == c || spare <= 0) continue;
            var moved = Math.Min(deficit, spare);
            widths[donor] -= moved;
            widths[c] += moved;
        }
        return widths;
    }

    private double Measure(string text, XFont font)
    {
        var clean = Clean(text);
        if (clean.Length == 0) return 0;
        var widest = 0.0;
        foreach (var line in clean.Split('\n'))
            widest = Math.Max(widest, line.Length == 0 ? 0 : Graphics.MeasureString(line, font).Width);
        return widest;
    }

    /// <summary>Greedy word wrap; words wider than the line are broken between characters.</summary>
    internal List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Clean(text).Split('\n'))
        {
            var current = new StringBuilder();
            var added = lines.Count;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.Length > 0 && Fits(current + " " + word, font, width))
                {
                    current.Append(' ').Append(word);
                    continue;
                }
                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                var rest = word;
                while (!Fits(rest, font, width))
                {
                    var cut = FittingPrefixLength(rest, font, width);
                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                }
                current.Append(rest);
            }
            if (current.Length > 0 || lines.Count == added) lines.Add(current.ToString());
        }
        return lines;
    }

    private bool Fits(string text, XFont font, double width) => Graphics.MeasureString(text, font).Width <= width;

    /// <summary>The longest prefix that fits (at least one character, never half a surrogate pair).</summary>
    private int FittingPrefixLength(string text, XFont font, double width)
    {
        int low = 1, high = text.Length - 1;
        var best = 0;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (Fits(text[..middle], font, width))
            {
                best = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        if (best > 0 && char.IsHighSurrogate(text[best - 1])) best--;
        if (best == 0) best = char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1;
        return best;
    }

    /// <summary>Line breaks become '\n'; tabs and other control characters become spaces (they have no glyph).</summary>
    private static string Clean(string text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!normalised.Any(ch => ch != '\n' && char.IsControl(ch))) return normalised;
        return string.Create(normalised.Length, normalised, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] != '\n' && char.IsControl(source[i]) ? ' ' : source[i];
        });
    }
}
