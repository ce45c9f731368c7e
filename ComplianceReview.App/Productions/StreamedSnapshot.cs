using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Productions;

/// <summary>A snapshot written to a production folder: its JSON Lines file, SHA-256 and counts.</summary>
public sealed record StreamedSnapshot(string Folder, string Sha256, int Identifiers, long Records, long Natives)
{
    public const string FileName = "records.jsonl";
    public const string NativesFolder = "messages";

    public string Path => System.IO.Path.Combine(Folder, FileName);
}

/// <summary>
/// Writes an extraction as it comes into a production folder: one canonical JSON object per line (<c>records.jsonl</c>:
/// the snapshot, then each identifier, category and row, then an end line with the counts), hashed as it is written, and
/// each record's native file (an .eml) beside it under <c>messages/</c>, named by its record number, its SHA-256 and size
/// in the row's line, so the snapshot's hash covers the originals too. Memory holds one record at a time.
/// </summary>
public sealed class StreamedSnapshotWriter : ISnapshotSink, IAsyncDisposable
{
    private static readonly JsonWriterOptions Canonical = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _folder;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriterStream _line = new();
    private int _identifiers;
    private long _records;
    private long _natives;
    private StreamedSnapshot? _result;

    public StreamedSnapshotWriter(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(Path.Combine(folder, StreamedSnapshot.NativesFolder));
        _file = new FileStream(Path.Combine(folder, StreamedSnapshot.FileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
    }

    public StreamedSnapshot Result => _result ?? throw new InvalidOperationException("The extraction has not completed.");

    public ValueTask BeginAsync(SnapshotHeader header, CancellationToken cancellationToken) => LineAsync(w =>
    {
        w.WriteString("type", "snapshot");
        w.WriteString("reference", header.DemandReference);
        w.WriteString("takenAt", Instant(header.TakenAt));
        w.WriteStartArray("categories");
        foreach (var category in header.Categories) w.WriteStringValue(category.ToString());
        w.WriteEndArray();
        w.WriteString("rangeFrom", header.RangeFrom is { } from ? Instant(from) : null);
        w.WriteString("rangeTo", header.RangeTo is { } to ? Instant(to) : null);
    }, cancellationToken);

    public ValueTask IdentifierAsync(IdentifierKind kind, string identifier, bool found, CancellationToken cancellationToken)
    {
        _identifiers++;
        return LineAsync(w =>
        {
            w.WriteString("type", "identifier");
            w.WriteString("kind", kind.ToString());
            w.WriteString("identifier", identifier);
            w.WriteBoolean("found", found);
        }, cancellationToken);
    }

    public ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken) => LineAsync(w =>
    {
        w.WriteString("type", "category");
        w.WriteString("category", category.ToString());
        w.WriteStartArray("columns");
        foreach (var column in columns) w.WriteStringValue(column);
        w.WriteEndArray();
    }, cancellationToken);

    public async ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken)
    {
        var number = ++_records;
        (string File, string Sha256, long Bytes)? stored = null;
        if (native is not null)
        {
            _natives++;
            var name = $"{StreamedSnapshot.NativesFolder}/{number.ToString("D7", CultureInfo.InvariantCulture)}{native.Extension}";
            await using var target = new FileStream(Path.Combine(_folder, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long bytes = 0;
            int read;
            while ((read = await native.Content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                bytes += read;
            }
            stored = (name, Convert.ToHexStringLower(hash.GetHashAndReset()), bytes);
        }
        await LineAsync(w =>
        {
            w.WriteString("type", "row");
            w.WriteNumber("record", number);
            w.WriteStartArray("values");
            foreach (var value in values) w.WriteStringValue(value);
            w.WriteEndArray();
            if (stored is { } file)
            {
                w.WriteStartObject("native");
                w.WriteString("file", file.File);
                w.WriteString("sha256", file.Sha256);
                w.WriteNumber("bytes", file.Bytes);
                w.WriteEndObject();
            }
        }, cancellationToken);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await LineAsync(w =>
        {
            w.WriteString("type", "end");
            w.WriteNumber("identifiers", _identifiers);
            w.WriteNumber("records", _records);
            w.WriteNumber("natives", _natives);
        }, cancellationToken);
        await _file.FlushAsync(cancellationToken);
        _result = new StreamedSnapshot(_folder, Convert.ToHexStringLower(_hash.GetHashAndReset()), _identifiers, _records, _natives);
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _hash.Dispose();
    }

    internal static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async ValueTask LineAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        _line.Reset();
        using (var writer = new Utf8JsonWriter(_line, Canonical))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        _line.WriteByte((byte)'\n');
        var bytes = _line.Written;
        _hash.AppendData(bytes.Span);
        await _file.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>A reusable in-memory line buffer.</summary>
    private sealed class ArrayBufferWriterStream : MemoryStream
    {
        public ReadOnlyMemory<byte> Written => GetBuffer().AsMemory(0, (int)Length);

        public void Reset() => SetLength(0);
    }
}

/// <summary>One line of a streamed snapshot, as read back.</summary>
public abstract record SnapshotEntry
{
    public sealed record Header(string Reference, DateTimeOffset TakenAt, IReadOnlyList<DataCategory> Categories, DateTimeOffset? RangeFrom, DateTimeOffset? RangeTo) : SnapshotEntry;

    public sealed record Identifier(IdentifierKind Kind, string Value, bool Found) : SnapshotEntry;

    public sealed record Category(DataCategory Value, IReadOnlyList<string> Columns) : SnapshotEntry;

    public sealed record Row(long Record, IReadOnlyList<string> Values, string? NativeFile, string? NativeSha256, long NativeBytes) : SnapshotEntry;

    public sealed record End(int Identifiers, long Records, long Natives) : SnapshotEntry;
}

/// <summary>Reads a streamed snapshot back line by line, after checking its SHA-256 against the one recorded.</summary>
public static class StreamedSnapshotReader
{
    public static async Task VerifyAsync(string path, string expectedSha256, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        if (!string.Equals(actual, expectedSha256, StringComparison.Ordinal))
            throw new InvalidOperationException($"The snapshot {Path.GetFileName(path)} does not match its recorded hash; nothing is produced from it.");
    }

    public static async IAsyncEnumerable<SnapshotEntry> ReadAsync(string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, new FileStreamOptions { BufferSize = 64 * 1024 });
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            yield return e.GetProperty("type").GetString() switch
            {
                "snapshot" => new SnapshotEntry.Header(e.GetProperty("reference").GetString()!, DateTimeOffset.Parse(e.GetProperty("takenAt").GetString()!, CultureInfo.InvariantCulture),
                    e.GetProperty("categories").EnumerateArray().Select(c => Enum.Parse<DataCategory>(c.GetString()!)).ToList(),
                    OptionalInstant(e.GetProperty("rangeFrom")), OptionalInstant(e.GetProperty("rangeTo"))),
                "identifier" => new SnapshotEntry.Identifier(Enum.Parse<IdentifierKind>(e.GetProperty("kind").GetString()!), e.GetProperty("identifier").GetString()!,
                    e.GetProperty("found").GetBoolean()),
                "category" => new SnapshotEntry.Category(Enum.Parse<DataCategory>(e.GetProperty("category").GetString()!), Strings(e.GetProperty("columns"))),
                "row" => e.TryGetProperty("native", out var native)
                    ? new SnapshotEntry.Row(e.GetProperty("record").GetInt64(), Strings(e.GetProperty("values")), native.GetProperty("file").GetString(),
                        native.GetProperty("sha256").GetString(), native.GetProperty("bytes").GetInt64())
                    : new SnapshotEntry.Row(e.GetProperty("record").GetInt64(), Strings(e.GetProperty("values")), null, null, 0),
                "end" => new SnapshotEntry.End(e.GetProperty("identifiers").GetInt32(), e.GetProperty("records").GetInt64(), e.GetProperty("natives").GetInt64()),
                var other => throw new InvalidOperationException($"Unknown snapshot line type '{other}'."),
            };
        }
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!).ToList();

    private static DateTimeOffset? OptionalInstant(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
