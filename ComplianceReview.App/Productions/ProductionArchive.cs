using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Productions;

/// <summary>A finished production: the archive's path and SHA-256 (what the legal lead signs), the PDF volumes, the counts.</summary>
public sealed record Production(string ArchivePath, string ArchiveSha256, string SnapshotSha256, string RecordsManifestSha256, PdfVolumes Pdf,
    long Records, long Natives, ProductionTimings Timings);

/// <summary>How long each step of building a production took (the benchmark reports them).</summary>
public sealed record ProductionTimings(TimeSpan Records, TimeSpan Pdf, TimeSpan Archive);

/// <summary>
/// A production as files (docs/decisions/0014): in one folder, streamed end to end, then packed into a ZIP whose SHA-256 the
/// legal lead signs. The archive holds
/// <list type="bullet">
/// <item><c>records.jsonl</c>: the snapshot itself (exact values, one JSON object a line);</item>
/// <item><c>records/&lt;Category&gt;.csv</c>: the same rows per category, for a spreadsheet (RFC 4180; a cell that would
/// start a formula gets a leading apostrophe, the JSON keeps the exact value);</item>
/// <item><c>messages/0000001.eml</c>...: the original messages of content categories, byte for byte;</item>
/// <item><c>records-manifest.sha256</c>: the SHA-256 of each of those (sha256sum format), whose own SHA-256 the PDF prints:
/// the PDF cannot name the hash of the archive that contains it, so it names the hash of everything in it but itself;</item>
/// <item><c>volumes/*.pdf</c>: the disclosure package's volumes;</item>
/// <item><c>manifest.sha256</c>: the SHA-256 of every other entry, first in the archive.</item>
/// </list>
/// Entries are in ordinal order with the approval time as their date, so the same snapshot gives the same archive bytes.
/// </summary>
public static class ProductionArchive
{
    public const string Manifest = "manifest.sha256";
    public const string RecordsManifest = "records-manifest.sha256";
    public const string RecordsFolder = "records";

    /// <summary>Extracts the scope into <paramref name="folder"/> (new and empty) and builds the production from it.</summary>
    public static async Task<Production> ProduceAsync(ICustomerDataSource source, DisclosureScope scope, DateTimeOffset takenAt,
        DisclosurePackageRequest request, string folder, int pagesPerVolume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new InvalidOperationException("A production is built in a new, empty folder.");
        StreamedSnapshot snapshot;
        await using (var writer = new StreamedSnapshotWriter(folder))
        {
            await source.ExtractToAsync(request.Reference, scope, takenAt, writer, cancellationToken);
            snapshot = writer.Result;
        }
        return await BuildAsync(snapshot, request, pagesPerVolume, cancellationToken);
    }

    /// <summary>The CSVs, the records manifest, the PDF volumes, the manifest and the archive, from a streamed snapshot.</summary>
    public static async Task<Production> BuildAsync(StreamedSnapshot snapshot, DisclosurePackageRequest request, int pagesPerVolume,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await StreamedSnapshotReader.VerifyAsync(snapshot.Path, snapshot.Sha256, cancellationToken);
        await WriteCsvAsync(snapshot, cancellationToken);

        var records = new List<string> { StreamedSnapshot.FileName };
        records.AddRange(Files(snapshot.Folder, RecordsFolder));
        records.AddRange(Files(snapshot.Folder, StreamedSnapshot.NativesFolder));
        var recordsManifestSha256 = await WriteManifestAsync(snapshot.Folder, RecordsManifest, records, cancellationToken);

        var recordsTime = clock.Elapsed;
        var pdf = await new PdfVolumeRenderer().RenderAsync(snapshot, recordsManifestSha256, request, pagesPerVolume, cancellationToken);
        var pdfTime = clock.Elapsed - recordsTime;

        var everything = records.Append(RecordsManifest).Concat(pdf.Volumes.Select(v => v.File)).Order(StringComparer.Ordinal).ToList();
        await WriteManifestAsync(snapshot.Folder, Manifest, everything, cancellationToken);

        var archivePath = Path.Combine(snapshot.Folder, $"{request.Reference}-production.zip");
        await WriteZipAsync(snapshot.Folder, archivePath, [Manifest, .. everything], request.ApprovedAt, cancellationToken);
        await using var archive = File.OpenRead(archivePath);
        var archiveSha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(archive, cancellationToken));
        return new Production(archivePath, archiveSha256, snapshot.Sha256, recordsManifestSha256, pdf, snapshot.Records, snapshot.Natives,
            new ProductionTimings(recordsTime, pdfTime, clock.Elapsed - recordsTime - pdfTime));
    }

    /// <summary>
    /// Reads an archive back and checks it: every entry's SHA-256 against <c>manifest.sha256</c>, nothing unlisted, nothing
    /// missing; returns the entry names (the manifest first). Throws with the first problem found.
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(string archivePath, CancellationToken cancellationToken = default)
    {
        await using var file = File.OpenRead(archivePath);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var manifestEntry = zip.GetEntry(Manifest) ?? throw new InvalidDataException($"The archive has no {Manifest}.");
        Dictionary<string, string> listed;
        using (var reader = new StreamReader(await manifestEntry.OpenAsync(cancellationToken), Encoding.UTF8))
            listed = (await reader.ReadToEndAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName != Manifest))
        {
            if (!listed.Remove(entry.FullName, out var expected)) throw new InvalidDataException($"{entry.FullName} is in the archive but not in its manifest.");
            await using var content = await entry.OpenAsync(cancellationToken);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
            if (!string.Equals(actual, expected, StringComparison.Ordinal)) throw new InvalidDataException($"{entry.FullName} does not match its SHA-256 in the manifest.");
        }
        if (listed.Count > 0) throw new InvalidDataException($"{listed.Keys.First()} is in the manifest but missing from the archive.");
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static IEnumerable<string> Files(string folder, string subfolder)
    {
        var path = Path.Combine(folder, subfolder);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Select(f => $"{subfolder}/{Path.GetFileName(f)}").Order(StringComparer.Ordinal)
            : [];
    }

    private static async Task<string> WriteManifestAsync(string folder, string name, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, name);
        await using (var manifest = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                await using var content = File.OpenRead(Path.Combine(folder, file));
                await manifest.WriteAsync($"{Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken))}  {file}\n");
            }
        }
        await using var written = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(written, cancellationToken));
    }

    private static async Task WriteZipAsync(string folder, string archivePath, IReadOnlyList<string> entries, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The ZIP's DOS timestamps carry no zone: the approval instant's UTC clock time, the same on every machine.
        var stamp = new DateTimeOffset(DateTime.SpecifyKind(at.UtcDateTime, DateTimeKind.Unspecified), TimeSpan.Zero);
        await using var file = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: false, Encoding.UTF8);
        foreach (var name in entries)
        {
            // The PDFs' streams are compressed already.
            var entry = zip.CreateEntry(name, name.EndsWith(".pdf", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
            entry.LastWriteTime = stamp;
            await using var target = await entry.OpenAsync(cancellationToken);
            await using var source = File.OpenRead(Path.Combine(folder, name));
            await source.CopyToAsync(target, cancellationToken);
        }
    }

    /// <summary>One CSV per category: identifier, its kind, the record number, the category's fields, the original's file and SHA-256.</summary>
    private static async Task WriteCsvAsync(StreamedSnapshot snapshot, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(snapshot.Folder, RecordsFolder));
        var writers = new Dictionary<DataCategory, StreamWriter>();
        try
        {
            SnapshotEntry.Identifier? identifier = null;
            StreamWriter? current = null;
            await foreach (var entry in StreamedSnapshotReader.ReadAsync(snapshot.Path, cancellationToken))
            {
                switch (entry)
                {
                    case SnapshotEntry.Identifier i:
                        identifier = i;
                        break;
                    case SnapshotEntry.Category c:
                        if (!writers.TryGetValue(c.Value, out current))
                        {
                            current = new StreamWriter(Path.Combine(snapshot.Folder, RecordsFolder, $"{c.Value}.csv"), append: false, new UTF8Encoding(false));
                            writers.Add(c.Value, current);
                            await current.WriteAsync(Line(["Identifier", "Identifier type", "Record", .. c.Columns, "Original file", "Original SHA-256"]));
                        }
                        break;
                    case SnapshotEntry.Row r:
                        var who = identifier ?? throw new InvalidOperationException("A row before its identifier.");
                        await (current ?? throw new InvalidOperationException("A row before its category.")).WriteAsync(Line(
                            [who.Value, PackageText.Kind(who.Kind), r.Record.ToString(CultureInfo.InvariantCulture), .. r.Values, r.NativeFile ?? "", r.NativeSha256 ?? ""]));
                        break;
                }
            }
        }
        finally
        {
            foreach (var writer in writers.Values) await writer.DisposeAsync();
        }
    }

    private static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(TransparencyCsv.Escape)) + "\r\n";
}
