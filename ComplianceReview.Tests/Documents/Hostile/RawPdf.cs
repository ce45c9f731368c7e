using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>
/// Writes a PDF byte by byte with true offsets (classic table or cross-reference stream, optional object streams), so a
/// hostile file is refused for what it is made to be (deep nesting, a bomb, a loop), not for a careless cross-reference.
/// Plain C# with no test framework: the benchmark project compiles this file too.
/// </summary>
public sealed class RawPdf
{
    private readonly SortedDictionary<int, byte[]> _objects = [];
    private readonly SortedDictionary<int, (int Stream, int Index)> _compressed = [];
    private int _next = 1;

    /// <summary>Everything written before the first object after the header (a prefix inside the PDF's body).</summary>
    public byte[] AfterHeader { get; set; } = [];

    public int Reserve() => _next++;

    public int Add(string value) => Set(Reserve(), value);

    public int Set(int number, string value)
    {
        _objects[number] = Latin1(value);
        return number;
    }

    public int AddRaw(byte[] body) => SetRaw(Reserve(), body);

    public int SetRaw(int number, byte[] body)
    {
        _objects[number] = body;
        return number;
    }

    /// <summary>A stream object: <paramref name="entries"/> go into its dictionary beside /Length.</summary>
    public int AddStream(string entries, byte[] data) => SetStream(Reserve(), entries, data);

    public int SetStream(int number, string entries, byte[] data)
    {
        var head = Latin1(Invariant($"<< /Length {data.Length} {entries} >>\nstream\n"));
        return SetRaw(number, [.. head, .. data, .. "\nendstream"u8]);
    }

    public int AddFlateStream(string entries, byte[] data) => AddStream("/Filter /FlateDecode " + entries, Deflate(data));

    /// <summary>
    /// An object stream holding <paramref name="members"/> (object number, value), Flate-compressed; the members are listed
    /// as compressed objects, so the file must be written with <see cref="Write"/>'s cross-reference stream.
    /// </summary>
    public int AddObjectStream(IReadOnlyList<(int Number, string Value)> members) =>
        AddObjectStream(members.Select(m => (m.Number, Latin1(m.Value))).ToList());

    public int AddObjectStream(IReadOnlyList<(int Number, byte[] Value)> members)
    {
        var number = Reserve();
        var header = new StringBuilder();
        var body = new MemoryStream();
        for (var i = 0; i < members.Count; i++)
        {
            header.Append(CultureInfo.InvariantCulture, $"{members[i].Number} {body.Length} ");
            body.Write(members[i].Value);
            body.WriteByte((byte)'\n');
            _compressed[members[i].Number] = (number, i);
        }
        var first = Latin1(header.ToString());
        byte[] content = [.. first, .. body.ToArray()];
        SetStream(number, Invariant($"/Type /ObjStm /N {members.Count} /First {first.Length} /Filter /FlateDecode"), Deflate(content));
        return number;
    }

    /// <summary>The file: header, objects in number order, cross-reference, trailer. <paramref name="trailer"/> goes into the trailer dictionary.</summary>
    public byte[] Write(int root, bool crossReferenceStream = false, string trailer = "")
    {
        var output = new MemoryStream();
        output.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        output.Write(AfterHeader);
        var offsets = new Dictionary<int, long>();
        foreach (var (number, body) in _objects)
        {
            offsets[number] = output.Length;
            output.Write(Latin1(Invariant($"{number} 0 obj\n")));
            output.Write(body);
            output.Write("\nendobj\n"u8);
        }

        var size = Math.Max(_next, Math.Max(_objects.Keys.DefaultIfEmpty().Max(), _compressed.Keys.DefaultIfEmpty().Max()) + 1);
        var xref = output.Length;
        if (!crossReferenceStream)
        {
            if (_compressed.Count > 0) throw new InvalidOperationException("Compressed objects need a cross-reference stream.");
            var table = new StringBuilder(Invariant($"xref\n0 {size}\n0000000000 65535 f \n"));
            for (var n = 1; n < size; n++)
                table.Append(offsets.TryGetValue(n, out var at) ? Invariant($"{at:D10} 00000 n \n") : "0000000000 65535 f \n");
            table.Append(Invariant($"trailer\n<< /Size {size} /Root {root} 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n"));
            output.Write(Latin1(table.ToString()));
            return output.ToArray();
        }

        // Cross-reference stream, W [1 4 2]; it lists itself as the last object.
        var self = size;
        var entries = new MemoryStream();
        void Entry(int type, long field2, int field3)
        {
            entries.WriteByte((byte)type);
            entries.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2]);
            entries.Write([(byte)(field3 >> 8), (byte)field3]);
        }
        for (var n = 0; n <= self; n++)
        {
            if (n == self) Entry(1, xref, 0);
            else if (offsets.TryGetValue(n, out var at)) Entry(1, at, 0);
            else if (_compressed.TryGetValue(n, out var c)) Entry(2, c.Stream, c.Index);
            else Entry(0, 0, 0);
        }
        var data = Deflate(entries.ToArray());
        output.Write(Latin1(Invariant(
            $"{self} 0 obj\n<< /Type /XRef /Size {self + 1} /W [1 4 2] /Root {root} 0 R /Filter /FlateDecode /Length {data.Length} {trailer} >>\nstream\n")));
        output.Write(data);
        output.Write(Latin1(Invariant($"\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n")));
        return output.ToArray();
    }

    /// <summary>Catalog, page tree and one page with a small content stream; returns the catalog's number.</summary>
    public int AddMinimalDocument(string catalogEntries = "", string pageEntries = "")
    {
        var catalog = Reserve();
        var pages = Reserve();
        var content = AddFlateStream("", "0 0 m 100 100 l S"u8.ToArray());
        var page = Add(Invariant($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R {pageEntries} >>"));
        Set(pages, Invariant($"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
        Set(catalog, Invariant($"<< /Type /Catalog /Pages {pages} 0 R {catalogEntries} >>"));
        return catalog;
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    /// <summary><paramref name="bytes"/> bytes of <paramref name="fill"/>, deflated without ever holding them: a bomb costs its compressed size.</summary>
    public static byte[] DeflateRepeated(byte fill, long bytes)
    {
        var chunk = new byte[1024 * 1024];
        Array.Fill(chunk, fill);
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var left = bytes; left > 0; left -= chunk.Length) zlib.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
        return output.ToArray();
    }

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
