using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Documents.Intake;

/// <summary>
/// How much of a PDF the structural scan reads before it refuses the file. Each bound is far above what a scanned or
/// exported order needs and far below what hurts the server; together they bound what PDFsharp's parse (which only ever
/// sees a file that passed) allocates. Figures and reasons: docs/decisions/0007-hostile-order-documents.md.
/// </summary>
public sealed record PdfScanLimits
{
    /// <summary>Arrays and dictionaries inside each other: PDFium refuses deeper than 64; real files stay under 10.</summary>
    public const int NestingDepth = 64;

    /// <summary>
    /// Cross-reference entries, and separately objects inside object streams (a 400-page text export has about 12,000, a
    /// 400-page scan about 1,600). PDFsharp keeps about 400 bytes per object it reads and allocates about 2 KB reading it.
    /// </summary>
    public const int IndirectObjects = 50_000;

    /// <summary>Every number, name, string, array and dictionary read: what PDFsharp would make an object of.</summary>
    public const long Values = 500_000;

    public const int Streams = 20_000;

    /// <summary>All Flate streams inflated, counted in a 64 KiB buffer and discarded (content and images).</summary>
    public const long InflatedBytes = 256L * 1024 * 1024;

    /// <summary>Object streams and cross-reference streams inflated and kept, because the scan (and PDFsharp) parse them.</summary>
    public const long StructureBytes = 8L * 1024 * 1024;

    /// <summary>What one read from the inflater yields at most: a cap is overshot by less than this before it refuses.</summary>
    public const int InflateChunkBytes = 64 * 1024;

    public const int StringBytes = 1024 * 1024;

    public const long TotalStringBytes = 4L * 1024 * 1024;

    /// <summary>A name or keyword (PDF's own implementation limit for names is 127 bytes).</summary>
    public const int NameBytes = 4096;

    /// <summary>Cross-reference sections (one per incremental update) followed through <c>/Prev</c>.</summary>
    public const int CrossReferenceSections = 256;

    public const int Pages = 10_000;

    public const int PageTreeDepth = 64;

    public static PdfScanLimits Default { get; } = new();

    public int MaxNestingDepth { get; init; } = NestingDepth;
    public int MaxIndirectObjects { get; init; } = IndirectObjects;
    public long MaxValues { get; init; } = Values;
    public int MaxStreams { get; init; } = Streams;
    public long MaxInflatedBytes { get; init; } = InflatedBytes;
    public long MaxStructureBytes { get; init; } = StructureBytes;
    public int MaxStringBytes { get; init; } = StringBytes;
    public long MaxTotalStringBytes { get; init; } = TotalStringBytes;
    public int MaxNameBytes { get; init; } = NameBytes;
    public int MaxCrossReferenceSections { get; init; } = CrossReferenceSections;
    public int MaxPages { get; init; } = Pages;
    public int MaxPageTreeDepth { get; init; } = PageTreeDepth;

    /// <summary>How deep the scan keeps what it read (page tree nodes, stream dictionaries, trailers); deeper is checked, not kept.</summary>
    internal int KeptDepth => 3;
}

/// <summary>Why the scan refused a file; each has its own message for the sender (<see cref="OrderDocumentCheck"/>).</summary>
public enum PdfScanProblem
{
    Malformed,
    Truncated,
    NestingTooDeep,
    TooManyObjects,
    TooManyValues,
    TooManyStreams,
    StringTooLong,
    DecompressionBomb,
    CrossReferenceLoop,
    UnsupportedStructure,
    PageTreeTooLarge,
    PageTreeLoop,
    NoPages,
    Polyglot,
    Encrypted,
}

/// <summary>Thrown inside the scan when a bound or a rule is broken; the scan's caller turns it into a refusal.</summary>
internal sealed class PdfScanRefusal(PdfScanProblem problem, string detail) : Exception(detail)
{
    public PdfScanProblem Problem { get; } = problem;

    public static PdfScanRefusal Malformed(string detail) => new(PdfScanProblem.Malformed, detail);

    public static PdfScanRefusal Truncated(string detail) => new(PdfScanProblem.Truncated, detail);
}

/// <summary>
/// What the scan found (<see cref="Problem"/> null: the file passed) and how much of each bound it used, up to where it
/// stopped: for the verdict, the logs, the tests and the benchmark.
/// </summary>
public sealed record PdfScanReport(
    PdfScanProblem? Problem,
    string? Detail,
    DocumentActiveContent ActiveContent,
    int PageCount,
    int IndirectObjects,
    int CompressedObjects,
    long Values,
    int Streams,
    long InflatedBytes,
    long StructureBytes,
    int DeepestNesting,
    int CrossReferenceSections,
    TimeSpan Elapsed);

/// <summary>The running totals of one scan against its limits; every count that passes a limit refuses the file.</summary>
internal sealed class PdfScanBudget(PdfScanLimits limits, CancellationToken cancellation)
{
    public PdfScanLimits Limits => limits;
    public long Values { get; private set; }
    public long StringBytes { get; private set; }
    public int IndirectObjects { get; private set; }
    public int CompressedObjects { get; private set; }
    public int Streams { get; private set; }
    public long InflatedBytes { get; private set; }
    public long StructureBytes { get; private set; }
    public int DeepestNesting { get; private set; }

    public long StructureBytesLeft => limits.MaxStructureBytes - StructureBytes;

    public void CountValue()
    {
        if (++Values > limits.MaxValues)
            throw new PdfScanRefusal(PdfScanProblem.TooManyValues, $"more than {limits.MaxValues} values");
        if ((Values & 0xFFF) == 0) cancellation.ThrowIfCancellationRequested();
    }

    public void NoteDepth(int depth) => DeepestNesting = Math.Max(DeepestNesting, depth);

    public void CountString(int length)
    {
        StringBytes += length;
        if (StringBytes > limits.MaxTotalStringBytes)
            throw new PdfScanRefusal(PdfScanProblem.StringTooLong, $"more than {limits.MaxTotalStringBytes} bytes of strings");
    }

    public void CountIndirectObjects(long count)
    {
        if (count < 0 || IndirectObjects + count > limits.MaxIndirectObjects)
            throw new PdfScanRefusal(PdfScanProblem.TooManyObjects, $"more than {limits.MaxIndirectObjects} objects");
        IndirectObjects += (int)count;
    }

    public void CountCompressedObjects(long count)
    {
        if (count < 0 || CompressedObjects + count > limits.MaxIndirectObjects)
            throw new PdfScanRefusal(PdfScanProblem.TooManyObjects, $"more than {limits.MaxIndirectObjects} objects in object streams");
        CompressedObjects += (int)count;
    }

    public void CountStream()
    {
        if (++Streams > limits.MaxStreams) throw new PdfScanRefusal(PdfScanProblem.TooManyStreams, $"more than {limits.MaxStreams} streams");
    }

    public void CountInflated(long bytes)
    {
        InflatedBytes += bytes;
        if (InflatedBytes > limits.MaxInflatedBytes)
            throw new PdfScanRefusal(PdfScanProblem.DecompressionBomb, $"its streams inflate to more than {limits.MaxInflatedBytes} bytes");
        cancellation.ThrowIfCancellationRequested();
    }

    public void CountStructure(long bytes)
    {
        StructureBytes += bytes;
        if (StructureBytes > limits.MaxStructureBytes)
            throw new PdfScanRefusal(PdfScanProblem.DecompressionBomb, $"its object and cross-reference streams inflate to more than {limits.MaxStructureBytes} bytes");
    }

    public void ThrowIfCancelled() => cancellation.ThrowIfCancellationRequested();
}

/// <summary>
/// Recognises active content by the names PDF gives it, as the values are read (so also inside object streams): keys that
/// are active by themselves (<c>/JS</c>, <c>/EmbeddedFiles</c>, <c>/XFA</c>, <c>/Encrypt</c>, ...) and action types
/// (<c>/S /Launch</c>, ...). Names arrive decoded, so <c>/J#53</c> is <c>/JS</c>.
/// </summary>
internal sealed class ActiveContentDetector
{
    public enum KeyKind : byte
    {
        Other,
        ActionType,
        Type,
        Subtype,
    }

    public DocumentActiveContent Found { get; private set; }

    public KeyKind OnKey(ReadOnlySpan<byte> key)
    {
        if (key.SequenceEqual("JS"u8) || key.SequenceEqual("JavaScript"u8)) Found |= DocumentActiveContent.JavaScript;
        else if (key.SequenceEqual("EmbeddedFiles"u8) || key.SequenceEqual("EF"u8)) Found |= DocumentActiveContent.EmbeddedFile;
        else if (key.SequenceEqual("XFA"u8)) Found |= DocumentActiveContent.XfaForm;
        else if (key.SequenceEqual("RichMediaContent"u8) || key.SequenceEqual("RichMediaSettings"u8)) Found |= DocumentActiveContent.RichMedia;
        else if (key.SequenceEqual("Encrypt"u8)) Found |= DocumentActiveContent.Encryption;
        else if (key.SequenceEqual("S"u8)) return KeyKind.ActionType;
        else if (key.SequenceEqual("Type"u8)) return KeyKind.Type;
        else if (key.SequenceEqual("Subtype"u8)) return KeyKind.Subtype;
        return KeyKind.Other;
    }

    public void OnNameValue(KeyKind key, ReadOnlySpan<byte> value)
    {
        switch (key)
        {
            case KeyKind.ActionType:
                if (value.SequenceEqual("JavaScript"u8)) Found |= DocumentActiveContent.JavaScript;
                else if (value.SequenceEqual("Launch"u8)) Found |= DocumentActiveContent.LaunchAction;
                else if (value.SequenceEqual("URI"u8)) Found |= DocumentActiveContent.UriAction;
                else if (value.SequenceEqual("SubmitForm"u8) || value.SequenceEqual("ImportData"u8)) Found |= DocumentActiveContent.FormSubmission;
                else if (value.SequenceEqual("GoToR"u8) || value.SequenceEqual("GoToE"u8)) Found |= DocumentActiveContent.RemoteDocument;
                else if (value.SequenceEqual("RichMediaExecute"u8)) Found |= DocumentActiveContent.RichMedia;
                break;
            case KeyKind.Type when value.SequenceEqual("EmbeddedFile"u8):
                Found |= DocumentActiveContent.EmbeddedFile;
                break;
            case KeyKind.Subtype when value.SequenceEqual("RichMedia"u8):
                Found |= DocumentActiveContent.RichMedia;
                break;
        }
    }
}
