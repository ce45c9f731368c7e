using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceReview.App.Documents;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Productions;

/// <summary>One PDF volume of a production: its file (relative to the production folder), hash, pages and Bates range.</summary>
public sealed record PdfVolume(int Number, string File, string Sha256, int Pages, string BatesFirst, string BatesLast);

/// <summary>The PDF part of a production: its volumes in order; Bates numbers run on across them.</summary>
public sealed record PdfVolumes(IReadOnlyList<PdfVolume> Volumes)
{
    public int Pages => Volumes.Sum(v => v.Pages);

    public string BatesFirst => Volumes[0].BatesFirst;

    public string BatesLast => Volumes[^1].BatesLast;
}

/// <summary>
/// Renders a streamed snapshot as PDF volumes of about <c>pagesPerVolume</c> pages each (a volume is closed after the
/// record that reaches the limit), because PDFsharp keeps a whole document in memory: memory is bounded by one volume,
/// whatever the production's size (docs/decisions/0014). Volume 1 opens with the cover page; each record is a block of
/// its category's fields (an e-mail's original file named by its path and SHA-256); the last volume ends with the
/// manifest (the snapshot's and the records manifest's SHA-256, every earlier volume's SHA-256) and the certificate of
/// authenticity. Every page carries its volume, page and Bates number. Same snapshot and request, same bytes.
/// </summary>
public sealed class PdfVolumeRenderer
{
    public const string NoRecordsForIdentifier = DisclosurePackageRenderer.NoRecordsForIdentifier;
    public const string NoRecordsInCategory = DisclosurePackageRenderer.NoRecordsInCategory;

    public async Task<PdfVolumes> RenderAsync(StreamedSnapshot snapshot, string recordsManifestSha256, DisclosurePackageRequest request, int pagesPerVolume,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(pagesPerVolume, 2);
        await StreamedSnapshotReader.VerifyAsync(snapshot.Path, snapshot.Sha256, cancellationToken);
        Directory.CreateDirectory(Path.Combine(snapshot.Folder, "volumes"));

        var volumes = new Volumes(snapshot, request, pagesPerVolume, cancellationToken);
        var counts = new List<(string Identifier, string Account, string Category, long Records)>();
        var identifierNumber = 0;
        string? currentIdentifier = null;
        (DataCategory Category, long Rows)? openCategory = null;
        SnapshotEntry.Header? header = null;

        void CloseCategory()
        {
            if (openCategory is not { } open) return;
            if (open.Rows == 0) volumes.Writer.Paragraph(NoRecordsInCategory);
            counts.Add((currentIdentifier!, "Found", open.Category.Display(), open.Rows));
            openCategory = null;
        }

        await foreach (var entry in StreamedSnapshotReader.ReadAsync(snapshot.Path, cancellationToken))
        {
            switch (entry)
            {
                case SnapshotEntry.Header h:
                    if (!string.Equals(h.Reference, request.Reference, StringComparison.Ordinal))
                        throw new ArgumentException($"The snapshot belongs to {h.Reference}, not to {request.Reference}.", nameof(snapshot));
                    header = h;
                    DisclosurePackageRenderer.WriteCover(volumes.Writer, request,
                        "It is produced in volumes; Bates numbers run on from one volume to the next. The manifest and the certificate of " +
                        "authenticity end the last volume. The production archive beside it holds the records as CSV and JSON and the original messages.");
                    break;
                case SnapshotEntry.Identifier identifier:
                    CloseCategory();
                    volumes.Writer.PageBreak();
                    volumes.Writer.Heading($"Identifier {++identifierNumber}: {identifier.Value}");
                    volumes.Writer.Paragraph($"Identifier type: {PackageText.Kind(identifier.Kind)}");
                    currentIdentifier = identifier.Value;
                    if (!identifier.Found)
                    {
                        volumes.Writer.Paragraph(NoRecordsForIdentifier, PdfTextStyle.Bold);
                        counts.Add((identifier.Value, "Not found", "-", 0));
                    }
                    break;
                case SnapshotEntry.Category category:
                    CloseCategory();
                    volumes.Writer.Heading(category.Value.Display(), 2);
                    openCategory = (category.Value, 0);
                    volumes.Columns = category.Columns;
                    break;
                case SnapshotEntry.Row row:
                    var open = openCategory ?? throw new InvalidOperationException("A row before its category.");
                    openCategory = (open.Category, open.Rows + 1);
                    var pairs = new List<KeyValuePair<string, string>>(row.Values.Count + 2) { new("Record", row.Record.ToString("N0", CultureInfo.InvariantCulture)) };
                    for (var i = 0; i < row.Values.Count; i++) pairs.Add(new(volumes.Columns[i], row.Values[i].Length == 0 ? "-" : row.Values[i]));
                    if (row.NativeFile is not null) pairs.Add(new("Original", $"{row.NativeFile}\nSHA-256 {row.NativeSha256}"));
                    volumes.Writer.KeyValues(pairs);
                    await volumes.AfterRecordAsync();
                    break;
                case SnapshotEntry.End:
                    CloseCategory();
                    break;
            }
        }
        if (header is null) throw new InvalidOperationException("The snapshot has no header line.");

        WriteManifest(volumes.Writer, header, snapshot, recordsManifestSha256, counts, volumes.Done);
        volumes.Writer.PageBreak();
        var lastBates = BatesNumber.Format(request.BatesPrefix, volumes.PagesBefore + volumes.Writer.PageCount);
        var expected = volumes.Writer.PageCount;
        WriteCertificate(volumes.Writer, header, request, snapshot.Sha256, recordsManifestSha256, BatesNumber.Format(request.BatesPrefix, 1), lastBates);
        if (volumes.Writer.PageCount != expected) throw new InvalidOperationException("The certificate of authenticity did not fit on one page.");
        await volumes.CloseAsync();
        return new PdfVolumes(volumes.Done);
    }

    private static void WriteManifest(PdfDocumentWriter writer, SnapshotEntry.Header header, StreamedSnapshot snapshot, string recordsManifestSha256,
        List<(string Identifier, string Account, string Category, long Records)> counts, IReadOnlyList<PdfVolume> earlier)
    {
        writer.PageBreak();
        writer.Heading("Manifest");
        writer.KeyValues(
        [
            new("Demand reference", header.Reference),
            new("Snapshot taken at", PackageText.Instant(header.TakenAt)),
            new("Identifiers", snapshot.Identifiers.ToString(CultureInfo.InvariantCulture)),
            new("Records", snapshot.Records.ToString("N0", CultureInfo.InvariantCulture)),
            new("Original messages", snapshot.Natives.ToString("N0", CultureInfo.InvariantCulture)),
            new("Covered period", header.RangeFrom is { } from && header.RangeTo is { } to ? $"{PackageText.Instant(from)} to {PackageText.Instant(to)}" : "No date range"),
        ]);
        writer.Paragraph($"Snapshot SHA-256 (over {StreamedSnapshot.FileName} in the production archive):", PdfTextStyle.Bold);
        writer.Paragraph(snapshot.Sha256, PdfTextStyle.Monospace);
        writer.Paragraph($"Records manifest SHA-256 (over {ProductionArchive.RecordsManifest} in the production archive, which lists the SHA-256 of every record file and original message):", PdfTextStyle.Bold);
        writer.Paragraph(recordsManifestSha256, PdfTextStyle.Monospace);
        writer.Heading("Records per identifier and category", 3);
        writer.Table(["Identifier", "Account", "Category", "Records"],
            counts.Select(c => (IReadOnlyList<string>)[c.Identifier, c.Account, c.Category, c.Records.ToString(CultureInfo.InvariantCulture)]).ToList());
        if (earlier.Count > 0)
        {
            writer.Heading("Earlier volumes", 3);
            writer.Table(["Volume", "Bates range", "Pages", "SHA-256"],
                earlier.Select(v => (IReadOnlyList<string>)[v.Number.ToString(CultureInfo.InvariantCulture), $"{v.BatesFirst} to {v.BatesLast}",
                    v.Pages.ToString(CultureInfo.InvariantCulture), v.Sha256]).ToList());
        }
    }

    private static void WriteCertificate(PdfDocumentWriter writer, SnapshotEntry.Header header, DisclosurePackageRequest request, string snapshotSha256,
        string recordsManifestSha256, string batesFirst, string batesLast)
    {
        writer.Heading("Certificate of authenticity");
        writer.Paragraph($"I, {request.CertifyingLegalLead}, a legal lead of the provider, certify that:");
        writer.Paragraph(
            $"1. The records in this package, Bates numbers {batesFirst} through {batesLast} in all its volumes, were produced in response to the " +
            $"{request.ProcessType.Display().ToLowerInvariant()} in case {request.CaseNumber}, issued by {request.IssuingAuthority} " +
            $"and served by {request.AgencyName} ({request.AgencyCountry}), demand reference {request.Reference}.");
        writer.Paragraph(
            $"2. The records were extracted from the provider's systems at {PackageText.Instant(header.TakenAt)} into a snapshot whose SHA-256 digest " +
            "is stated below and in the manifest, and this package and the production archive's records were produced from it without alteration.");
        writer.Paragraph(snapshotSha256, PdfTextStyle.Monospace);
        writer.Paragraph("3. The production archive's records manifest, listing every record file and original message, has this SHA-256 digest:");
        writer.Paragraph(recordsManifestSha256, PdfTextStyle.Monospace);
        writer.Paragraph("4. The package contains only the identifiers, data categories and date range approved for disclosure, as stated on the cover page.");
        writer.Space(12);
        writer.KeyValues(
        [
            new("Certified by", request.CertifyingLegalLead),
            new("Approved at", PackageText.Instant(request.ApprovedAt)),
            new("Signature", "_______________________________"),
        ]);
    }

    /// <summary>The open volume and the finished ones: a volume is saved to its file and released once it reaches its page limit.</summary>
    private sealed class Volumes
    {
        private readonly StreamedSnapshot _snapshot;
        private readonly DisclosurePackageRequest _request;
        private readonly int _pagesPerVolume;
        private readonly CancellationToken _cancellationToken;
        private readonly List<PdfVolume> _done = [];

        public Volumes(StreamedSnapshot snapshot, DisclosurePackageRequest request, int pagesPerVolume, CancellationToken cancellationToken)
        {
            _snapshot = snapshot;
            _request = request;
            _pagesPerVolume = pagesPerVolume;
            _cancellationToken = cancellationToken;
            Writer = Open(1);
        }

        public PdfDocumentWriter Writer { get; private set; }

        public IReadOnlyList<string> Columns { get; set; } = [];

        public int PagesBefore => _done.Sum(v => v.Pages);

        public IReadOnlyList<PdfVolume> Done => _done;

        public async Task AfterRecordAsync()
        {
            if (Writer.PageCount < _pagesPerVolume) return;
            await CloseAsync();
            Writer = Open(_done.Count + 1);
        }

        public async Task CloseAsync()
        {
            var number = _done.Count + 1;
            var first = PagesBefore;
            var pages = Writer.PageCount;
            var pdf = Writer.Save(page => new PageFooter(
                Left: $"{_request.Reference}, volume {number}",
                Center: $"Page {page.PageNumber} of {page.PageCount}",
                Right: BatesNumber.Format(_request.BatesPrefix, first + page.PageNumber)));
            Writer.Dispose();
            var file = $"volumes/{_request.Reference}-volume-{number.ToString("D3", CultureInfo.InvariantCulture)}.pdf";
            await File.WriteAllBytesAsync(Path.Combine(_snapshot.Folder, file), pdf, _cancellationToken);
            _done.Add(new PdfVolume(number, file, Convert.ToHexStringLower(SHA256.HashData(pdf)), pages,
                BatesNumber.Format(_request.BatesPrefix, first + 1), BatesNumber.Format(_request.BatesPrefix, first + pages)));
        }

        private PdfDocumentWriter Open(int number)
        {
            var id = SHA256.HashData(Encoding.UTF8.GetBytes($"{_snapshot.Sha256}\n{number}\n{JsonSerializer.Serialize(_request)}"))[..16];
            return new PdfDocumentWriter(new PdfDocumentMetadata($"{_request.Reference} disclosure package, volume {number}",
                DisclosurePackageRenderer.Creator, _request.ApprovedAt, id), _cancellationToken);
        }
    }
}
