using System.Buffers.Binary;
using System.Diagnostics;

namespace ComplianceReview.App.Documents.Intake;

/// <summary>
/// Reads a PDF the way PDFsharp's import will (cross-reference chain from the last <c>startxref</c>, every object the
/// sections list, every object stream), but without recursion and within <see cref="PdfScanLimits"/>, so that a file which
/// passes can be handed to PDFsharp: nothing in it nests deeper, inflates further, lists more objects or loops where
/// PDFsharp would follow. Where PDFsharp would repair (a missing <c>/Length</c>, an object that is not where the table says,
/// a cross-reference loop it would follow for ever) the scan refuses instead. It also checks what PDFsharp does not look at:
/// every byte of the file is PDF syntax (a second file hidden between objects makes a polyglot), the page tree is finite and
/// has pages, and the names that make content active (scripts, actions, embedded files, XFA, encryption) are recorded.
/// </summary>
internal sealed class PdfStructureScan
{
    private static readonly byte[] ZipEndOfCentralDirectory = [(byte)'P', (byte)'K', 5, 6];
    private static readonly byte[] ZipCentralDirectory = [(byte)'P', (byte)'K', 1, 2];

    private readonly byte[] _file;
    private readonly PdfScanLimits _limits;
    private readonly PdfScanBudget _budget;
    private readonly ActiveContentDetector _detector = new();
    private readonly PdfValueReader _reader;
    private readonly PdfTokenizer _tokens;

    /// <summary>Trailer dictionaries, newest first (the first is the one <c>startxref</c> points to).</summary>
    private readonly List<PdfItem> _trailers = [];
    private readonly List<ByteRange> _covered = [];
    private readonly HashSet<int> _sectionStarts = [];

    /// <summary>Every offset a section lists, with the order it was first listed in (newest section first).</summary>
    private readonly Dictionary<int, int> _listedOffsets = [];

    /// <summary>
    /// Where each object is, by the number and generation found at its offset (as PDFsharp names them, whatever the table
    /// says), the newest section's first: a stream's indirect /Length is looked up here, as PDFsharp will look it up.
    /// </summary>
    private readonly Dictionary<(long Number, long Generation), int> _offsetById = [];
    private readonly HashSet<int> _compressedNumbers = [];
    private readonly SortedSet<int> _objectStreamNumbers = [];
    private readonly List<FileObject> _objectStreams = [];
    private readonly Dictionary<int, FileObject> _objectsAt = [];
    private readonly Dictionary<(long Number, long Generation), FileObject> _objectById = [];
    private readonly Dictionary<(long Number, long Generation), PdfItem> _values = [];
    private readonly Dictionary<int, long> _lengths = [];

    private PdfStructureScan(byte[] file, PdfScanLimits limits, CancellationToken cancellation)
    {
        _file = file;
        _limits = limits;
        _budget = new PdfScanBudget(limits, cancellation);
        _reader = new PdfValueReader(_budget, _detector);
        _tokens = new PdfTokenizer(file, limits);
    }

    private readonly record struct ByteRange(int Start, int End);

    private readonly record struct StreamData(int Start, int Length);

    private sealed record FileObject(int Number, int Generation, PdfItem Value, StreamData? Stream, int Start, int End)
    {
        public string? Type => Value.Get("Type").NameValue;
    }

    /// <summary>Scans <paramref name="file"/>: the report says whether it passed, and if not, why.</summary>
    public static PdfScanReport Run(byte[] file, PdfScanLimits limits, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(file);
        var started = Stopwatch.GetTimestamp();
        var scan = new PdfStructureScan(file, limits, cancellation);
        try
        {
            return scan.Report(null, null, scan.Scan(), Stopwatch.GetElapsedTime(started));
        }
        catch (PdfScanRefusal refused)
        {
            return scan.Report(refused.Problem, refused.Message, 0, Stopwatch.GetElapsedTime(started));
        }
    }

    private PdfScanReport Report(PdfScanProblem? problem, string? detail, int pages, TimeSpan elapsed) =>
        new(problem, detail, _detector.Found, pages, _budget.IndirectObjects, _budget.CompressedObjects, _budget.Values, _budget.Streams,
            _budget.InflatedBytes, _budget.StructureBytes, _budget.DeepestNesting, _trailers.Count, elapsed);

    private int Scan()
    {
        if (!_file.AsSpan().StartsWith("%PDF-"u8)) throw PdfScanRefusal.Malformed("no %PDF- header at the first byte");
        var startXref = FindStartXref();
        RefuseZipPolyglot();
        ReadCrossReferenceChain(startXref);
        // Encrypted strings and streams cannot be checked without the key, so encryption is refused before anything is inflated.
        if (_trailers.Any(t => t.Get("Encrypt").Kind != PdfKind.Null)) throw new PdfScanRefusal(PdfScanProblem.Encrypted, "the file is encrypted");
        ReadListedObjects();
        ReadObjectStreams();
        CheckEveryByteIsPdf();
        return CountPages();
    }

    /// <summary>The last <c>startxref</c> in the final 1,024 bytes, as PDFsharp looks for it (it would search the whole file if absent).</summary>
    private int FindStartXref()
    {
        var tailStart = Math.Max(0, _file.Length - 1024);
        var at = _file.AsSpan(tailStart).LastIndexOf("startxref"u8);
        if (at < 0) throw PdfScanRefusal.Truncated("no startxref in the last 1,024 bytes");
        _tokens.Position = tailStart + at;
        _tokens.Next();
        if (_tokens.Next() != PdfToken.Integer || _tokens.Integer < 0 || _tokens.Integer >= _file.Length)
            throw PdfScanRefusal.Malformed("startxref does not give an offset inside the file");
        return (int)_tokens.Integer;
    }

    /// <summary>
    /// A ZIP reader looks for its end-of-central-directory record in the last 64 KiB; a PDF whose end also parses as a ZIP
    /// (the record pointing back at a central directory) is two files in one. A tail of 64 KiB of random bytes (compressed
    /// image data) matches the record's signature and the directory's together with a chance of about 2^-48.
    /// </summary>
    private void RefuseZipPolyglot()
    {
        var from = Math.Max(0, _file.Length - (65_535 + 22));
        var tail = _file.AsSpan(from);
        for (var at = tail.LastIndexOf(ZipEndOfCentralDirectory); at >= 0; at = tail[..at].LastIndexOf(ZipEndOfCentralDirectory))
        {
            if (at + 22 > tail.Length) continue;
            var record = tail.Slice(at, 22);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            var position = (long)from + at;
            if (Starts(position - size, ZipCentralDirectory) || Starts(offset, ZipCentralDirectory))
                throw new PdfScanRefusal(PdfScanProblem.Polyglot, $"a ZIP archive's directory ends at byte {position}");
        }

        bool Starts(long position, ReadOnlySpan<byte> signature) =>
            position >= 0 && position + signature.Length <= _file.Length && _file.AsSpan((int)position).StartsWith(signature);
    }

    private void ReadCrossReferenceChain(int startXref)
    {
        var visited = new HashSet<int>();
        int? next = startXref;
        while (next is { } at)
        {
            if (!visited.Add(at)) throw new PdfScanRefusal(PdfScanProblem.CrossReferenceLoop, $"the cross-reference chain comes back to byte {at}");
            var trailer = ReadSection(at);
            // A hybrid file's /XRefStm (a cross-reference stream beside a table) is read too: PDFsharp ignores it, the scan must not.
            if (trailer.Get("XRefStm").TryGetInteger(out var stream) && stream > 0 && stream < _file.Length && visited.Add((int)stream))
                ReadSection((int)stream);
            var prev = trailer.Get("Prev");
            if (prev.Kind == PdfKind.Null) break;
            if (!prev.TryGetInteger(out var offset) || offset < 0 || offset >= _file.Length) throw PdfScanRefusal.Malformed("a /Prev that is not an offset inside the file");
            next = offset == 0 ? null : (int)offset; // PDFsharp stops at /Prev 0
        }
    }

    private PdfItem ReadSection(int at)
    {
        if (_trailers.Count >= _limits.MaxCrossReferenceSections)
            throw new PdfScanRefusal(PdfScanProblem.CrossReferenceLoop, $"more than {_limits.MaxCrossReferenceSections} cross-reference sections");
        _tokens.Position = at;
        var token = _tokens.Next();
        var trailer = token == PdfToken.Keyword && _tokens.IsKeyword("xref"u8) ? ReadTable(at)
            : token == PdfToken.Integer ? ReadCrossReferenceStream(at)
            : throw PdfScanRefusal.Malformed($"no cross-reference section at byte {at}");
        _trailers.Add(trailer);
        return trailer;
    }

    private PdfItem ReadTable(int at)
    {
        while (true)
        {
            var token = _tokens.Next();
            if (token == PdfToken.Integer)
            {
                var first = _tokens.Integer;
                if (_tokens.Next() != PdfToken.Integer) throw PdfScanRefusal.Malformed($"a cross-reference subsection without a count at byte {_tokens.TokenStart}");
                var count = _tokens.Integer;
                if (first < 0 || count < 0 || first + count > int.MaxValue) throw PdfScanRefusal.Malformed("a cross-reference subsection out of range");
                _budget.CountIndirectObjects(count);
                for (var i = 0; i < count; i++)
                {
                    if (_tokens.Next() != PdfToken.Integer) throw PdfScanRefusal.Malformed($"a cross-reference entry without an offset at byte {_tokens.TokenStart}");
                    var offset = _tokens.Integer;
                    if (_tokens.Next() != PdfToken.Integer) throw PdfScanRefusal.Malformed($"a cross-reference entry without a generation at byte {_tokens.TokenStart}");
                    if (_tokens.Next() != PdfToken.Keyword || !(_tokens.IsKeyword("n"u8) || _tokens.IsKeyword("f"u8)))
                        throw PdfScanRefusal.Malformed($"a cross-reference entry that is neither in use nor free at byte {_tokens.TokenStart}");
                    if (_tokens.IsKeyword("n"u8) && first + i != 0) AddListedObject((int)(first + i), offset);
                }
            }
            else if (token == PdfToken.Keyword && _tokens.IsKeyword("trailer"u8))
            {
                var trailer = _reader.Read(_tokens);
                if (trailer.Kind != PdfKind.Dictionary) throw PdfScanRefusal.Malformed("a trailer that is not a dictionary");
                _covered.Add(new ByteRange(at, _tokens.Position));
                return trailer;
            }
            else
            {
                throw PdfScanRefusal.Malformed($"unexpected content in a cross-reference table at byte {_tokens.TokenStart}");
            }
        }
    }

    private PdfItem ReadCrossReferenceStream(int at)
    {
        var section = ReadObjectAt(at);
        if (section.Stream is null || section.Type != "XRef") throw PdfScanRefusal.Malformed($"startxref or /Prev points at object {section.Number}, which is not a cross-reference stream");
        _sectionStarts.Add(at);
        _covered.Add(new ByteRange(at, section.End));
        var data = DecodeStructureStream(section, "a cross-reference stream").Span;
        var dictionary = section.Value;

        var w = dictionary.Get("W").ArrayValue;
        if (w is not { Count: 3 } || w.Any(f => !f.TryGetInteger(out var width) || width is < 0 or > 8))
            throw PdfScanRefusal.Malformed("a cross-reference stream without a usable /W");
        var widths = w.Select(f => (int)f.Number).ToArray();
        var entryLength = widths.Sum();
        if (entryLength == 0) throw PdfScanRefusal.Malformed("a cross-reference stream with empty entries");
        if (!dictionary.Get("Size").TryGetInteger(out var size) || size is < 0 or > int.MaxValue) throw PdfScanRefusal.Malformed("a cross-reference stream without a usable /Size");

        var subsections = new List<(long First, long Count)>();
        if (dictionary.Get("Index").ArrayValue is { } index)
        {
            if (index.Count % 2 != 0) throw PdfScanRefusal.Malformed("a cross-reference stream /Index with an odd number of entries");
            for (var i = 0; i < index.Count; i += 2)
            {
                if (!index[i].TryGetInteger(out var first) || !index[i + 1].TryGetInteger(out var count) || first < 0 || count < 0 || first + count > int.MaxValue)
                    throw PdfScanRefusal.Malformed("a cross-reference stream /Index out of range");
                subsections.Add((first, count));
            }
        }
        else
        {
            subsections.Add((0, size));
        }

        var entries = subsections.Sum(s => s.Count);
        _budget.CountIndirectObjects(entries);
        if (entries * entryLength > data.Length) throw PdfScanRefusal.Truncated("a cross-reference stream shorter than the entries it declares");

        var position = 0;
        foreach (var (first, count) in subsections)
        {
            for (var i = 0; i < count; i++)
            {
                var entry = data.Slice(position, entryLength);
                position += entryLength;
                var type = widths[0] == 0 ? 1 : Field(entry[..widths[0]]);
                var field2 = Field(entry.Slice(widths[0], widths[1]));
                var number = (int)(first + i);
                if (type == 1 && number != 0) AddListedObject(number, field2);
                else if (type == 2 && number != 0)
                {
                    if (field2 > int.MaxValue) throw PdfScanRefusal.Malformed("a compressed object in an object stream with an impossible number");
                    _compressedNumbers.Add(number);
                    _objectStreamNumbers.Add((int)field2);
                }
            }
        }
        return dictionary;

        static long Field(ReadOnlySpan<byte> bytes)
        {
            long value = 0;
            foreach (var b in bytes) value = value << 8 | b;
            return value;
        }
    }

    private void AddListedObject(int number, long offset)
    {
        if (offset <= 0 || offset >= _file.Length) throw PdfScanRefusal.Malformed($"object {number} is listed at byte {offset}, outside the file");
        _listedOffsets.TryAdd((int)offset, _listedOffsets.Count);
    }

    /// <summary>Every listed object, in file order; each must end before the next begins, so no byte is read twice.</summary>
    private void ReadListedObjects()
    {
        var newestFirst = _listedOffsets.Where(o => !_sectionStarts.Contains(o.Key)).OrderBy(o => o.Value).Select(o => o.Key).ToList();
        foreach (var offset in newestFirst) _offsetById.TryAdd(ObjectIdAt(offset), offset);

        var offsets = newestFirst.Order().ToList();
        for (var i = 0; i < offsets.Count; i++)
        {
            var item = ReadObjectAt(offsets[i]);
            if (i + 1 < offsets.Count && item.End > offsets[i + 1])
                throw PdfScanRefusal.Malformed($"object {item.Number} runs into the object listed at byte {offsets[i + 1]}");
            _objectsAt[item.Start] = item;
            _covered.Add(new ByteRange(item.Start, item.End));
            CheckStream(item, listed: true);
        }

        foreach (var (id, offset) in _offsetById)
        {
            var item = _objectsAt[offset];
            _objectById[id] = item;
            _values[id] = item.Value;
        }
    }

    private (long Number, long Generation) ObjectIdAt(int offset)
    {
        _tokens.Position = offset;
        if (_tokens.Next() != PdfToken.Integer || _tokens.Integer is < 0 or > int.MaxValue) throw NoObjectAt(offset);
        var number = _tokens.Integer;
        if (_tokens.Next() != PdfToken.Integer || _tokens.Integer is < 0 or > 65535) throw NoObjectAt(offset);
        var generation = _tokens.Integer;
        if (_tokens.Next() != PdfToken.Keyword || !_tokens.IsKeyword("obj"u8)) throw NoObjectAt(offset);
        return (number, generation);
    }

    private static PdfScanRefusal NoObjectAt(int offset) => PdfScanRefusal.Malformed($"no object at byte {offset}, where the cross-reference says one is");

    /// <summary>
    /// An object stream's members are parsed later (a listed one's, as PDFsharp may read it); any other stream's Flate data is
    /// inflated through the cap and counted.
    /// </summary>
    private void CheckStream(FileObject item, bool listed)
    {
        if (item.Stream is not { } stream) return;
        if (listed && item.Type == "ObjStm")
        {
            _objectStreams.Add(item);
            return;
        }
        var filter = item.Value.Get("Filter");
        var first = filter.Kind == PdfKind.Array ? filter.ArrayValue!.FirstOrDefault() : filter;
        if (first.NameValue is "FlateDecode" or "Fl") CappedInflater.Count(_file.AsMemory(stream.Start, stream.Length), _budget);
    }

    private FileObject ReadObjectAt(int at, bool numberOnly = false)
    {
        var (number, generation) = ObjectIdAt(at);

        var afterHeader = _tokens.Position;
        if (_tokens.Next() == PdfToken.Keyword && _tokens.IsKeyword("endobj"u8)) return new FileObject((int)number, (int)generation, PdfItem.Null, null, at, _tokens.Position);
        _tokens.Position = afterHeader;

        var value = _reader.Read(_tokens);
        if (numberOnly && value.Kind != PdfKind.Integer) throw PdfScanRefusal.Malformed($"a stream's /Length refers to object {number}, which is not a number");
        StreamData? stream = null;
        var token = _tokens.Next();
        if (token == PdfToken.Keyword && _tokens.IsKeyword("stream"u8))
        {
            if (value.Kind != PdfKind.Dictionary) throw PdfScanRefusal.Malformed($"object {number} has a stream without a dictionary");
            stream = ReadStreamData((int)number, value, _tokens.Position);
            token = _tokens.Next();
        }
        if (token != PdfToken.Keyword || !_tokens.IsKeyword("endobj"u8)) throw PdfScanRefusal.Malformed($"object {number} at byte {at} does not end with endobj");
        return new FileObject((int)number, (int)generation, value, stream, at, _tokens.Position);
    }

    private StreamData ReadStreamData(int number, PdfItem dictionary, int afterKeyword)
    {
        // After "stream": LF or CR LF (spaces before it and a lone CR tolerated, as PDFsharp tolerates them).
        var p = afterKeyword;
        while (p < _file.Length && _file[p] == ' ') p++;
        if (p < _file.Length && _file[p] == '\n') p++;
        else if (p + 1 < _file.Length && _file[p] == '\r' && _file[p + 1] == '\n') p += 2;
        else if (p < _file.Length && _file[p] == '\r') p++;

        if (dictionary.Get("F").Kind != PdfKind.Null) throw new PdfScanRefusal(PdfScanProblem.UnsupportedStructure, $"object {number} is a stream kept in an external file");
        var lengthItem = dictionary.Get("Length");
        var length = lengthItem.Kind switch
        {
            PdfKind.Integer => lengthItem.Number,
            PdfKind.Reference => ResolveLength(lengthItem),
            _ => throw PdfScanRefusal.Malformed($"object {number} is a stream without a /Length"),
        };
        if (length < 0 || length > _file.Length - p) throw PdfScanRefusal.Truncated($"object {number}'s stream runs past the end of the file");

        var end = p + (int)length;
        var q = end;
        while (q < _file.Length && q - end < 20 && PdfTokenizer.IsWhiteSpace(_file[q])) q++;
        if (!_file.AsSpan(q).StartsWith("endstream"u8))
        {
            // PDFsharp then takes the last "endstream" within /Length + 20 bytes as the end; so does the scan.
            var window = _file.AsSpan(p, (int)Math.Min(length + 20, _file.Length - p));
            var found = window.LastIndexOf("endstream"u8);
            if (found < 0) throw PdfScanRefusal.Malformed($"object {number}'s stream does not end where its /Length says");
            end = p + found;
            q = end;
        }
        _tokens.Position = q + "endstream".Length;
        _budget.CountStream();
        return new StreamData(p, end - p);
    }

    /// <summary>An indirect /Length: a number object at file level (one in an object stream would need that stream first).</summary>
    private long ResolveLength(PdfItem reference)
    {
        var number = reference.Number;
        if (!_offsetById.TryGetValue((number, reference.Generation), out var offset))
        {
            throw _compressedNumbers.Contains((int)number)
                ? new PdfScanRefusal(PdfScanProblem.UnsupportedStructure, $"a stream's /Length is object {number}, kept inside an object stream")
                : PdfScanRefusal.Malformed($"a stream's /Length is object {number}, which the cross-reference does not list");
        }
        if (_lengths.TryGetValue(offset, out var known)) return known;
        var saved = _tokens.Position;
        var length = ReadObjectAt(offset, numberOnly: true).Value.Number;
        _tokens.Position = saved;
        _lengths[offset] = length;
        return length;
    }

    /// <summary>Object and cross-reference streams: Flate or nothing, a PNG predictor at most, inflated within the structure budget.</summary>
    private ReadOnlyMemory<byte> DecodeStructureStream(FileObject item, string what)
    {
        var stream = item.Stream!.Value;
        var raw = _file.AsMemory(stream.Start, stream.Length);
        var filter = item.Value.Get("Filter");
        var filters = filter.Kind switch
        {
            PdfKind.Null => [],
            PdfKind.Name => [filter],
            PdfKind.Array => filter.ArrayValue!,
            _ => throw new PdfScanRefusal(PdfScanProblem.UnsupportedStructure, $"{what} with a /Filter that is not a name"),
        };
        if (filters.Count > 1 || filters.Any(f => f.NameValue is not ("FlateDecode" or "Fl")))
            throw new PdfScanRefusal(PdfScanProblem.UnsupportedStructure, $"{what} compressed with something other than Flate");

        ReadOnlyMemory<byte> data;
        if (filters.Count == 0)
        {
            _budget.CountStructure(raw.Length);
            data = raw;
        }
        else
        {
            data = CappedInflater.Keep(raw, _budget, what);
        }

        var parameters = item.Value.Get("DecodeParms");
        if (parameters.Kind == PdfKind.Array) parameters = parameters.ArrayValue!.FirstOrDefault();
        var predictor = parameters.Get("Predictor").TryGetInteger(out var p) ? p : 1;
        if (predictor == 1) return data;
        if (predictor is < 10 or > 15) throw new PdfScanRefusal(PdfScanProblem.UnsupportedStructure, $"{what} with predictor {predictor}");
        int Parameter(string key, int fallback) => parameters.Get(key).TryGetInteger(out var v) && v is > 0 and <= int.MaxValue ? (int)v : fallback;
        var undone = CappedInflater.UndoPngPredictor(data.Span, Parameter("Columns", 1), Parameter("Colors", 1), Parameter("BitsPerComponent", 8), what);
        _budget.CountStructure(undone.Length);
        return undone;
    }

    /// <summary>Each object stream's header, then each member: in increasing offsets, none reaching into the next.</summary>
    private void ReadObjectStreams()
    {
        foreach (var number in _objectStreamNumbers)
        {
            if (!_objectById.TryGetValue((number, 0), out var item) || item.Stream is null || item.Type != "ObjStm")
                throw PdfScanRefusal.Malformed($"object stream {number} is missing");
        }
        foreach (var item in _objectStreams)
        {
            var number = item.Number;
            var data = DecodeStructureStream(item, $"object stream {number}");
            if (!item.Value.Get("N").TryGetInteger(out var count) || count < 0 || !item.Value.Get("First").TryGetInteger(out var first) || first < 0 || first > data.Length)
                throw PdfScanRefusal.Malformed($"object stream {number} without a usable /N or /First");
            _budget.CountCompressedObjects(count);

            var tokens = new PdfTokenizer(data, _limits);
            var members = new (long Number, long Offset)[count];
            for (var i = 0; i < count; i++)
            {
                if (tokens.Next() != PdfToken.Integer || tokens.Integer is < 0 or > int.MaxValue) throw PdfScanRefusal.Malformed($"object stream {number}'s header is damaged");
                var member = tokens.Integer;
                if (tokens.Next() != PdfToken.Integer || tokens.Integer < 0 || first + tokens.Integer >= data.Length) throw PdfScanRefusal.Malformed($"object stream {number}'s header is damaged");
                if (i > 0 && tokens.Integer <= members[i - 1].Offset) throw PdfScanRefusal.Malformed($"object stream {number}'s objects are not in order");
                members[i] = (member, tokens.Integer);
                _budget.CountValue();
            }
            if (tokens.Position > first) throw PdfScanRefusal.Malformed($"object stream {number}'s header runs into its first object");

            for (var i = 0; i < count; i++)
            {
                tokens.Position = (int)(first + members[i].Offset);
                var value = _reader.Read(tokens);
                var limit = i + 1 < count ? (int)(first + members[i + 1].Offset) : data.Length;
                if (tokens.Position > limit) throw PdfScanRefusal.Malformed($"object {members[i].Number} runs into the next one in object stream {number}");
                if (tokens.Next() == PdfToken.Keyword && tokens.IsKeyword("stream"u8)) throw PdfScanRefusal.Malformed($"object stream {number} holds a stream");
                _values.TryAdd((members[i].Number, 0), value);
            }
        }
    }

    /// <summary>
    /// Between the objects and sections only white space, comments, old <c>startxref</c> lines and objects the cross-reference
    /// forgot may stand (the last are read like the others). Anything else is a second file in the PDF (a polyglot).
    /// </summary>
    private void CheckEveryByteIsPdf()
    {
        var ranges = _covered.OrderBy(r => r.Start).ToList();
        var position = 0;
        foreach (var range in ranges)
        {
            if (range.Start < position) throw PdfScanRefusal.Malformed($"two parts of the file overlap at byte {range.Start}");
            CheckGap(position, range.Start);
            position = range.End;
        }
        CheckGap(position, _file.Length);
    }

    private void CheckGap(int from, int to)
    {
        _tokens.Position = from;
        while (_tokens.SkipWhiteSpaceAndComments() && _tokens.Position < to)
        {
            var at = _tokens.Position;
            var first = _file[at];
            if (first is >= (byte)'0' and <= (byte)'9')
            {
                var item = ReadObjectAt(at);
                if (item.End > to) throw PdfScanRefusal.Malformed($"an object at byte {at} runs into the next part of the file");
                CheckStream(item, listed: false);
                _tokens.Position = item.End;
            }
            else if (_file.AsSpan(at).StartsWith("startxref"u8))
            {
                _tokens.Next();
                if (_tokens.Next() != PdfToken.Integer) throw PdfScanRefusal.Malformed($"a startxref without an offset at byte {at}");
            }
            else
            {
                throw new PdfScanRefusal(PdfScanProblem.Polyglot, $"bytes that are not PDF at byte {at}");
            }
        }
    }

    /// <summary>Walks the page tree with a stack and a visited set: its depth, its size and any loop are bounded.</summary>
    private int CountPages()
    {
        var root = Resolve(_trailers[0].Get("Root"));
        if (root.Kind != PdfKind.Dictionary) throw PdfScanRefusal.Malformed("no document catalog (/Root)");
        var pending = new Stack<(PdfItem Node, int Depth)>();
        var visited = new HashSet<(long, int)>();
        pending.Push((root.Get("Pages"), 1));
        var pages = 0;
        var steps = 0;
        while (pending.Count > 0)
        {
            var (item, depth) = pending.Pop();
            if (depth > _limits.MaxPageTreeDepth) throw new PdfScanRefusal(PdfScanProblem.PageTreeTooLarge, $"a page tree deeper than {_limits.MaxPageTreeDepth} levels");
            if (item.IsReference && !visited.Add((item.Number, item.Generation))) throw new PdfScanRefusal(PdfScanProblem.PageTreeLoop, $"page tree node {item.Number} is reached twice");
            var node = Resolve(item);
            if (node.Kind != PdfKind.Dictionary) continue;
            var kids = Resolve(node.Get("Kids"));
            var type = node.Get("Type").NameValue;
            if (type == "Pages" || (type != "Page" && kids.Kind == PdfKind.Array))
            {
                foreach (var kid in kids.ArrayValue ?? []) pending.Push((kid, depth + 1));
            }
            else if (++pages > _limits.MaxPages)
            {
                throw new PdfScanRefusal(PdfScanProblem.PageTreeTooLarge, $"more than {_limits.MaxPages} pages");
            }
            if ((++steps & 0x3FF) == 0) _budget.ThrowIfCancelled();
        }
        if (pages == 0) throw new PdfScanRefusal(PdfScanProblem.NoPages, "the page tree has no pages");
        return pages;
    }

    private PdfItem Resolve(PdfItem item) =>
        item.IsReference ? _values.GetValueOrDefault((item.Number, item.Generation), PdfItem.Null) : item;
}
