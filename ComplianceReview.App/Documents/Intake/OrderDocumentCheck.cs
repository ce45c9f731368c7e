using System.Globalization;
using ComplianceReview.Domain.Demands;
using PdfSharp.Pdf.IO;

namespace ComplianceReview.App.Documents.Intake;

/// <summary>Why an order document was refused; each has one message for the sender.</summary>
public enum OrderDocumentRefusal
{
    Empty,
    TooLarge,
    NotPdf,
    Truncated,
    Unreadable,
    NestingTooDeep,
    TooComplex,
    DecompressionBomb,
    CrossReferenceLoop,
    UnsupportedFeature,
    PageTreeTooLarge,
    PageTreeLoop,
    NoPages,
    Polyglot,
    Encrypted,
    TimedOut,
    Busy,

    /// <summary>The check itself failed (a bug, logged); the file is refused so that nothing unchecked is stored.</summary>
    CheckFailed,
}

/// <summary>The intake check's answer: accepted (with what active content it holds) or refused with a message, and what it cost.</summary>
public sealed record OrderDocumentVerdict
{
    public OrderDocumentRefusal? Refusal { get; init; }

    /// <summary>The message for the sender, or null when the document is accepted.</summary>
    public string? Problem { get; init; }

    public DocumentActiveContent ActiveContent { get; init; }

    public int PageCount { get; init; }

    /// <summary>What the structural scan read and used of its bounds, up to where it stopped (null when it did not run).</summary>
    public PdfScanReport? Scan { get; init; }

    /// <summary>Technical detail for the log (byte offsets, limit names, exception types; never the file's bytes).</summary>
    public string? Detail { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Managed memory the check allocated on its thread (scan and PDFsharp): its peak memory cannot be larger.</summary>
    public long AllocatedBytes { get; init; }

    public bool Accepted => Problem is null;

    public static OrderDocumentVerdict Accept(PdfScanReport scan, int pageCount) =>
        new() { ActiveContent = scan.ActiveContent, PageCount = pageCount, Scan = scan };

    public static OrderDocumentVerdict Refuse(OrderDocumentRefusal refusal, string? detail = null, PdfScanReport? scan = null) =>
        new() { Refusal = refusal, Problem = OrderDocumentCheck.Message(refusal), Detail = detail, Scan = scan };
}

/// <summary>
/// Checks an upload is a whole, readable PDF of at most 20 MB, judged by its content (not its name), without letting the
/// file hurt the server. The cheap checks (size, header, end-of-file marker) come first, on the caller's thread. Then, on a
/// <see cref="BoundedDocumentCheck"/> thread: <see cref="PdfStructureScan"/> (iterative, within <see cref="PdfScanLimits"/>),
/// and only if it passes, PDFsharp's import parse (structure only, nothing rendered) through a stream that stops it at the
/// deadline, so a file that only starts and ends like a PDF is refused too. The form and the API call this one check.
/// docs/decisions/0007-hostile-order-documents.md says why each step is there.
/// </summary>
public sealed class OrderDocumentCheck(BoundedDocumentCheck bounds, PdfScanLimits limits, ILogger<OrderDocumentCheck> logger)
{
    /// <summary>
    /// The memory bound of one check, besides the upload itself (which the caller holds): PDFsharp keeps a copy of the stream
    /// data (at most the file's size) and, for a file that reaches the scan's limits, an object model and decoded object
    /// streams of about 50 MB. Measured by HostileCorpusMemoryTests and the benchmark (docs/benchmarks.md).
    /// </summary>
    public const long HeldAboveFileBytes = 64L * 1024 * 1024;

    public async Task<OrderDocumentVerdict> CheckAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (Cheap(content) is { } refused) return refused;

        var run = await bounds.RunAsync("order-document-check", token => CheckOnBoundedThread(content, token), cancellationToken);
        var verdict = run.Status switch
        {
            BoundedRunStatus.Completed => run.Result!,
            BoundedRunStatus.Busy => OrderDocumentVerdict.Refuse(OrderDocumentRefusal.Busy),
            BoundedRunStatus.TimedOut => OrderDocumentVerdict.Refuse(OrderDocumentRefusal.TimedOut, "deadline"),
            _ => OrderDocumentVerdict.Refuse(OrderDocumentRefusal.CheckFailed, run.Fault?.GetType().Name),
        };
        verdict = verdict with { Elapsed = run.Elapsed, AllocatedBytes = run.AllocatedBytes };

        if (run.Status == BoundedRunStatus.Faulted)
            logger.LogError(run.Fault, "The order document check failed on a {Bytes}-byte upload; the upload was refused.", content.Length);
        else if (!verdict.Accepted)
            logger.LogInformation("Order document refused: {Refusal} ({Detail}); {Bytes} bytes, {ElapsedMs} ms, {AllocatedBytes} bytes allocated.",
                verdict.Refusal, verdict.Detail, content.Length, (long)verdict.Elapsed.TotalMilliseconds, verdict.AllocatedBytes);
        else if (verdict.ActiveContent != DocumentActiveContent.None)
            logger.LogInformation("Order document accepted with active content: {ActiveContent}; {Bytes} bytes.", verdict.ActiveContent, content.Length);
        return verdict;
    }

    private static OrderDocumentVerdict? Cheap(byte[] content)
    {
        if (content.Length == 0) return OrderDocumentVerdict.Refuse(OrderDocumentRefusal.Empty);
        if (content.Length > OrderDocument.MaxSizeBytes) return OrderDocumentVerdict.Refuse(OrderDocumentRefusal.TooLarge);
        if (!content.AsSpan().StartsWith("%PDF-"u8)) return OrderDocumentVerdict.Refuse(OrderDocumentRefusal.NotPdf);
        var tail = content.AsSpan(Math.Max(0, content.Length - 1024));
        if (tail.IndexOf("%%EOF"u8) < 0) return OrderDocumentVerdict.Refuse(OrderDocumentRefusal.Truncated, "no %%EOF in the last 1,024 bytes");
        return null;
    }

    private OrderDocumentVerdict CheckOnBoundedThread(byte[] content, CancellationToken cancellationToken)
    {
        var scan = PdfStructureScan.Run(content, limits, cancellationToken);
        if (scan.Problem is { } problem) return OrderDocumentVerdict.Refuse(Refusal(problem), $"{problem}: {scan.Detail}", scan);

        int pageCount;
        try
        {
            using var stream = new DeadlineStream(content, cancellationToken);
            using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
            pageCount = document.PageCount;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PDFsharp reports malformed input with plain Exception, PdfReaderException, InvalidOperationException and others:
            // whatever it throws, the file is not one a reviewer could open. Its messages quote the file's bytes, so only the type is kept.
            return OrderDocumentVerdict.Refuse(OrderDocumentRefusal.Unreadable, $"PDFsharp: {e.GetType().Name}", scan);
        }
        return pageCount <= 0 ? OrderDocumentVerdict.Refuse(OrderDocumentRefusal.NoPages, "PDFsharp: /Count 0", scan) : OrderDocumentVerdict.Accept(scan, pageCount);
    }

    private static OrderDocumentRefusal Refusal(PdfScanProblem problem) => problem switch
    {
        PdfScanProblem.Truncated => OrderDocumentRefusal.Truncated,
        PdfScanProblem.NestingTooDeep => OrderDocumentRefusal.NestingTooDeep,
        PdfScanProblem.TooManyObjects or PdfScanProblem.TooManyValues or PdfScanProblem.TooManyStreams or PdfScanProblem.StringTooLong => OrderDocumentRefusal.TooComplex,
        PdfScanProblem.DecompressionBomb => OrderDocumentRefusal.DecompressionBomb,
        PdfScanProblem.CrossReferenceLoop => OrderDocumentRefusal.CrossReferenceLoop,
        PdfScanProblem.UnsupportedStructure => OrderDocumentRefusal.UnsupportedFeature,
        PdfScanProblem.PageTreeTooLarge => OrderDocumentRefusal.PageTreeTooLarge,
        PdfScanProblem.PageTreeLoop => OrderDocumentRefusal.PageTreeLoop,
        PdfScanProblem.NoPages => OrderDocumentRefusal.NoPages,
        PdfScanProblem.Polyglot => OrderDocumentRefusal.Polyglot,
        PdfScanProblem.Encrypted => OrderDocumentRefusal.Encrypted,
        _ => OrderDocumentRefusal.Unreadable,
    };

    public const string UnreadableMessage =
        "The order document is not a readable PDF (it is damaged or malformed and could not be opened). Upload the original scan.";

    public static string Message(OrderDocumentRefusal refusal) => refusal switch
    {
        OrderDocumentRefusal.Empty => "The order document is empty.",
        OrderDocumentRefusal.TooLarge => "The order document is larger than 20 MB.",
        OrderDocumentRefusal.NotPdf => "The order document is not a PDF (its content does not start with %PDF-).",
        OrderDocumentRefusal.Truncated => "The order document is a truncated or damaged PDF (no end-of-file marker, or it ends in the middle of its content).",
        OrderDocumentRefusal.Unreadable => UnreadableMessage,
        OrderDocumentRefusal.NestingTooDeep => Invariant(
            $"The order document was refused: its structure is nested more than {PdfScanLimits.NestingDepth} levels deep, which no scanner or word processor writes and which is used to crash PDF readers. Upload the original scan."),
        OrderDocumentRefusal.TooComplex => Invariant(
            $"The order document was refused: its structure is larger than an order needs (at most {PdfScanLimits.IndirectObjects:N0} objects, {PdfScanLimits.Values:N0} values, {PdfScanLimits.Streams:N0} streams, strings of {PdfScanLimits.StringBytes / (1024 * 1024)} MB). Upload the original scan."),
        OrderDocumentRefusal.DecompressionBomb => Invariant(
            $"The order document was refused: its compressed content expands to more than {PdfScanLimits.InflatedBytes / (1024 * 1024)} MB (or its document structure to more than {PdfScanLimits.StructureBytes / (1024 * 1024)} MB), as a decompression bomb does. Upload the original scan."),
        OrderDocumentRefusal.CrossReferenceLoop => "The order document was refused: its cross-reference sections point back at each other (a loop that keeps a reader busy for ever), or there are too many of them. Upload the original scan.",
        OrderDocumentRefusal.UnsupportedFeature => "The order document uses a PDF feature the intake does not accept (a stream kept outside the file, unusual compression of its structure). Print it to PDF again or upload the original scan.",
        OrderDocumentRefusal.PageTreeTooLarge => Invariant(
            $"The order document was refused: its page tree is larger than the intake accepts (at most {PdfScanLimits.Pages:N0} pages, {PdfScanLimits.PageTreeDepth} levels). Upload the order itself."),
        OrderDocumentRefusal.PageTreeLoop => "The order document was refused: its page tree loops back on itself, which makes readers hang. Upload the original scan.",
        OrderDocumentRefusal.NoPages => "The order document is a PDF without pages. Upload the scan of the order itself.",
        OrderDocumentRefusal.Polyglot => "The order document was refused: it is a PDF and another file at once (a polyglot, made to get past checks like this one). Ask the agency for the plain PDF.",
        OrderDocumentRefusal.Encrypted => "The order document is encrypted, so what it contains cannot be checked. Ask the agency for an unencrypted copy (or remove the password protection) and upload that.",
        OrderDocumentRefusal.TimedOut => Invariant(
            $"The order document could not be checked within {DocumentCheckLimits.CheckTime.TotalSeconds:0} seconds, so it was refused and nothing was stored. Upload the original scan."),
        OrderDocumentRefusal.Busy => "The server is busy checking other uploads, so this one was not checked and nothing was stored. Try again in a minute.",
        _ => "The order document could not be checked (the error has been logged), so nothing was stored. Try again, or upload the original scan.",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The file as PDFsharp reads it: the caller's bytes (no copy), read-only, and a cancellation check on every seek and
    /// every 64 KiB read, so the deadline stops the parse wherever it is.
    /// </summary>
    private sealed class DeadlineStream(byte[] content, CancellationToken cancellationToken) : MemoryStream(content, writable: false)
    {
        private int _sinceCheck;

        public override int ReadByte()
        {
            if (++_sinceCheck >= 65536) Check();
            return base.ReadByte();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Check();
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Check();
            return base.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin loc)
        {
            Check();
            return base.Seek(offset, loc);
        }

        public override long Position
        {
            get => base.Position;
            set
            {
                Check();
                base.Position = value;
            }
        }

        private void Check()
        {
            _sinceCheck = 0;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
