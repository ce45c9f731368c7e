using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace ComplianceReview.App.Documents.Intake;

/// <summary>
/// Flate (zlib) decoding that never produces more than it is allowed to: output is read in 64 KiB chunks and counted
/// against the scan's budget before the next chunk, so a stream that inflates 1,000:1 costs at most one chunk beyond the
/// cap. <see cref="Count"/> discards what it inflates (content and image streams, which nothing on the server decodes);
/// <see cref="Keep"/> returns it (object and cross-reference streams, which the scan and PDFsharp parse).
/// </summary>
internal static class CappedInflater
{
    public const int ChunkBytes = PdfScanLimits.InflateChunkBytes;

    /// <summary>
    /// Inflates and counts; a damaged stream counts what it yielded before the damage (a viewer would show that much).
    /// Returns the bytes produced.
    /// </summary>
    public static long Count(ReadOnlyMemory<byte> compressed, PdfScanBudget budget)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        long produced = 0;
        try
        {
            using var inflater = Open(compressed);
            while (true)
            {
                int read;
                try
                {
                    read = inflater.Read(chunk, 0, ChunkBytes);
                }
                catch (InvalidDataException)
                {
                    break;
                }
                if (read == 0) break;
                produced += read;
                budget.CountInflated(read);
            }
            return produced;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// Inflates into chunks that may add up only to what is left of the structure budget, then joins them once; damage
    /// refuses the file. At most twice the output is held at once (the chunks and the joined copy).
    /// </summary>
    public static ReadOnlyMemory<byte> Keep(ReadOnlyMemory<byte> compressed, PdfScanBudget budget, string what)
    {
        var chunks = new List<(byte[] Bytes, int Length)>();
        using (var inflater = Open(compressed))
        {
            while (true)
            {
                var chunk = new byte[ChunkBytes];
                int read;
                try
                {
                    read = inflater.ReadAtLeast(chunk, ChunkBytes, throwOnEndOfStream: false);
                }
                catch (InvalidDataException e)
                {
                    throw PdfScanRefusal.Malformed($"{what} has damaged compressed data ({e.Message})");
                }
                if (read == 0) break;
                budget.CountInflated(read);
                budget.CountStructure(read);
                chunks.Add((chunk, read));
                if (read < ChunkBytes) break;
            }
        }
        var joined = new byte[chunks.Sum(c => c.Length)];
        var at = 0;
        foreach (var (bytes, length) in chunks)
        {
            bytes.AsSpan(0, length).CopyTo(joined.AsSpan(at));
            at += length;
        }
        return joined;
    }

    /// <summary>
    /// A zlib stream is a two-byte header, raw deflate data and an Adler-32 checksum. The header is checked here and the
    /// data inflated raw, so a wrong checksum (which some PDF writers produce) does not refuse a file every viewer opens;
    /// data without a zlib header is inflated raw from its first byte, as lenient viewers do.
    /// </summary>
    private static DeflateStream Open(ReadOnlyMemory<byte> compressed)
    {
        if (!MemoryMarshal.TryGetArray(compressed, out var segment)) segment = new ArraySegment<byte>(compressed.ToArray());
        var skip = HasZlibHeader(compressed.Span) ? 2 : 0;
        var source = new MemoryStream(segment.Array!, segment.Offset + skip, segment.Count - skip, writable: false);
        return new DeflateStream(source, CompressionMode.Decompress);
    }

    private static bool HasZlibHeader(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && (data[0] >> 4) <= 7 && (data[1] & 0x20) == 0 && (data[0] << 8 | data[1]) % 31 == 0;

    /// <summary>
    /// Undoes a PNG predictor (ISO 32000-1, 7.4.4.4; <c>/Predictor</c> 10 to 15), as cross-reference streams use it.
    /// The output is never larger than the input.
    /// </summary>
    public static ReadOnlyMemory<byte> UndoPngPredictor(ReadOnlySpan<byte> data, int columns, int colors, int bitsPerComponent, string what)
    {
        if (columns is < 1 or > 1 << 20 || colors is < 1 or > 32 || bitsPerComponent is not (1 or 2 or 4 or 8 or 16))
            throw new PdfScanRefusal(PdfScanProblem.UnsupportedStructure, $"{what} has predictor parameters out of range");
        var bytesPerPixel = Math.Max(1, colors * bitsPerComponent / 8);
        var rowLength = (int)(((long)columns * colors * bitsPerComponent + 7) / 8);
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        var previous = new byte[rowLength];
        for (var row = 0; row < rows; row++)
        {
            var type = data[row * (rowLength + 1)];
            var input = data.Slice(row * (rowLength + 1) + 1, rowLength);
            var current = output.AsSpan(row * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                int left = i >= bytesPerPixel ? current[i - bytesPerPixel] : 0;
                int up = previous[i];
                int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                current[i] = type switch
                {
                    0 => input[i],
                    1 => (byte)(input[i] + left),
                    2 => (byte)(input[i] + up),
                    3 => (byte)(input[i] + (left + up) / 2),
                    4 => (byte)(input[i] + Paeth(left, up, upLeft)),
                    _ => throw PdfScanRefusal.Malformed($"{what} has an unknown PNG predictor type {type}"),
                };
            }
            current.CopyTo(previous);
        }
        return output;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var p = left + up - upLeft;
        var pa = Math.Abs(p - left);
        var pb = Math.Abs(p - up);
        var pc = Math.Abs(p - upLeft);
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
}
