using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Documents;

public interface IDisclosurePackageRenderer
{
    /// <summary>Renders the package on the calling thread. Same snapshot and request, same bytes.</summary>
    /// <param name="progress">Receives a fraction from 0 to 1 while rendering, ending with 1.</param>
    RenderedPackage Render(DataSnapshot snapshot, DisclosurePackageRequest request,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Renders the package on a thread-pool thread, so a large package does not hold up the caller (a Blazor circuit).</summary>
    Task<RenderedPackage> RenderAsync(DataSnapshot snapshot, DisclosurePackageRequest request,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// Renders a <see cref="DataSnapshot"/> as the disclosure package: cover page, one section per identifier with the
/// approved categories only, manifest with the snapshot's SHA-256, certificate of authenticity; a Bates number and
/// "Page x of y" on every page. It prints the snapshot's values and the request's fields, and nothing else.
/// </summary>
public sealed class DisclosurePackageRenderer : IDisclosurePackageRenderer
{
    public const string Creator = "ComplianceReview";
    public const string NoRecordsForIdentifier = "No records were found for this identifier.";
    public const string NoRecordsInCategory = "No records in this category for the covered period.";

    public Task<RenderedPackage> RenderAsync(DataSnapshot snapshot, DisclosurePackageRequest request,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Render(snapshot, request, progress, cancellationToken), cancellationToken);

    public RenderedPackage Render(DataSnapshot snapshot, DisclosurePackageRequest request,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Validate(request);
        if (!string.Equals(snapshot.DemandReference, request.Reference, StringComparison.Ordinal))
            throw new ArgumentException($"The snapshot belongs to {snapshot.DemandReference}, not to {request.Reference}.", nameof(snapshot));
        cancellationToken.ThrowIfCancellationRequested();

        var snapshotSha256 = snapshot.ComputeSha256();
        var metadata = new PdfDocumentMetadata(
            Title: request.Reference + " disclosure package",
            Creator: Creator,
            CreatedAt: request.ApprovedAt,
            DocumentId: DocumentId(snapshotSha256, request));

        var approved = snapshot.Categories.Distinct().ToList();
        var tracker = new ProgressTracker(progress, TotalWork(snapshot, approved));

        using var writer = new PdfDocumentWriter(metadata, cancellationToken);
        WriteCover(writer, request);
        tracker.Advance();
        for (var i = 0; i < snapshot.Identifiers.Count; i++)
            WriteIdentifier(writer, snapshot.Identifiers[i], i + 1, snapshot.Identifiers.Count, approved, tracker);
        WriteManifest(writer, snapshot, approved, snapshotSha256);
        tracker.Advance();

        // The certificate names the last Bates number, so it is the last page and known to be a single page.
        writer.PageBreak();
        var expectedPages = writer.PageCount;
        var batesFirst = BatesNumber.Format(request.BatesPrefix, request.BatesStart);
        var batesLast = BatesNumber.Format(request.BatesPrefix, request.BatesStart + expectedPages - 1);
        WriteCertificate(writer, snapshot, request, snapshotSha256, batesFirst, batesLast);
        if (writer.PageCount != expectedPages)
            throw new InvalidOperationException("The certificate of authenticity did not fit on one page.");
        tracker.Advance();

        var pdf = writer.Save(page =>
        {
            tracker.Footer(page);
            return new PageFooter(
                Left: request.Reference,
                Center: $"Page {page.PageNumber} of {page.PageCount}",
                Right: BatesNumber.Format(request.BatesPrefix, request.BatesStart + page.PageNumber - 1));
        });
        tracker.Done();

        return new RenderedPackage(pdf, Convert.ToHexStringLower(SHA256.HashData(pdf)), expectedPages, batesFirst, batesLast);
    }

    private static void Validate(DisclosurePackageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.ApprovedScope);
        Require(request.Reference, nameof(request.Reference));
        Require(request.AgencyName, nameof(request.AgencyName));
        Require(request.AgencyCountry, nameof(request.AgencyCountry));
        Require(request.CaseNumber, nameof(request.CaseNumber));
        Require(request.IssuingAuthority, nameof(request.IssuingAuthority));
        Require(request.CertifyingLegalLead, nameof(request.CertifyingLegalLead));
        if (!BatesNumber.IsValidPrefix(request.BatesPrefix))
            throw new ArgumentException($"\"{request.BatesPrefix}\" is not a Bates prefix (1 to {BatesNumber.MaxPrefixLength} upper-case letters or digits).", nameof(request));
        if (request.BatesStart < 1) throw new ArgumentException("Bates numbers start at 1 or later.", nameof(request));

        static void Require(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"The package request needs {name}.", nameof(request));
        }
    }

    /// <summary>The PDF's /ID: a digest of the snapshot and the header, so it is stable and differs between packages.</summary>
    private static byte[] DocumentId(string snapshotSha256, DisclosurePackageRequest request)
    {
        var header = JsonSerializer.Serialize(request);
        return SHA256.HashData(Encoding.UTF8.GetBytes(snapshotSha256 + "\n" + header))[..16];
    }

    private static int TotalWork(DataSnapshot snapshot, IReadOnlyList<DataCategory> approved) =>
        3 + snapshot.Identifiers.Sum(i => 1 + i.Categories.Where(c => approved.Contains(c.Category)).Sum(c => c.Rows.Count));

    /// <summary>The cover page's header and approved scope, shared with the streamed volumes (<see cref="Productions.PdfVolumeRenderer"/>); <paramref name="layout"/> says how the package is laid out.</summary>
    internal static void WriteCover(PdfDocumentWriter writer, DisclosurePackageRequest request,
        string layout = "Each identifier has its own section. The manifest and the certificate of authenticity follow the last section.")
    {
        writer.Heading("Disclosure package");
        writer.Paragraph($"Records produced in response to legal process, demand {request.Reference}.");
        writer.Space(6);
        writer.KeyValues(
        [
            new("Reference", request.Reference),
            new("Requesting agency", request.AgencyName),
            new("Agency country", request.AgencyCountry),
            new("Process type", request.ProcessType.Display()),
            new("Case number", request.CaseNumber),
            new("Issuing authority", request.IssuingAuthority),
            new("Approved for disclosure", PackageText.Instant(request.ApprovedAt)),
        ]);
        writer.Heading("Approved scope", 2);
        writer.KeyValues(
        [
            new("Identifiers", request.ApprovedScope.Identifiers),
            new("Data categories", request.ApprovedScope.Categories),
            new("Date range", request.ApprovedScope.DateRange),
        ]);
        writer.Paragraph(
            "This package contains only the identifiers, data categories and date range stated above. " + layout,
            PdfTextStyle.Small);
    }

    private static void WriteIdentifier(PdfDocumentWriter writer, IdentifierRecords identifier, int number, int count,
        IReadOnlyList<DataCategory> approved, ProgressTracker tracker)
    {
        writer.PageBreak();
        writer.Heading($"Identifier {number} of {count}: {identifier.Identifier}");
        writer.Paragraph($"Identifier type: {PackageText.Kind(identifier.Kind)}");
        if (identifier.AlsoNamedAs is { Count: > 0 } aliases)
            writer.Paragraph($"The demand also names this account as {string.Join(", ", aliases)}; its records are shown here once.");
        tracker.Advance();
        if (!identifier.Found)
        {
            writer.Paragraph(NoRecordsForIdentifier, PdfTextStyle.Bold);
            return;
        }

        // Approved categories only, in the approved order: data of any other category is never printed.
        foreach (var category in approved)
        {
            writer.Heading(category.Display(), 2);
            var records = identifier.Categories.FirstOrDefault(c => c.Category == category);
            if (records is null || records.Rows.Count == 0)
            {
                writer.Paragraph(NoRecordsInCategory);
                continue;
            }
            writer.Table(records.Columns, records.Rows, _ => tracker.Advance());
        }
    }

    private static void WriteManifest(PdfDocumentWriter writer, DataSnapshot snapshot, IReadOnlyList<DataCategory> approved, string snapshotSha256)
    {
        writer.PageBreak();
        writer.Heading("Manifest");
        writer.KeyValues(
        [
            new("Demand reference", snapshot.DemandReference),
            new("Snapshot taken at", PackageText.Instant(snapshot.TakenAt)),
            new("Identifiers", snapshot.Identifiers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Data categories", string.Join(", ", approved.Select(c => c.Display()))),
            new("Covered period", snapshot.RangeFrom is { } from && snapshot.RangeTo is { } to
                ? $"{PackageText.Instant(from)} to {PackageText.Instant(to)}"
                : "No date range"),
        ]);
        writer.Paragraph("Snapshot SHA-256 (over the snapshot's canonical JSON, UTF-8):", PdfTextStyle.Bold);
        writer.Paragraph(snapshotSha256, PdfTextStyle.Monospace);

        var rows = new List<IReadOnlyList<string>>();
        foreach (var identifier in snapshot.Identifiers)
        {
            if (!identifier.Found)
            {
                rows.Add([identifier.Identifier, "Not found", "-", "0"]);
                continue;
            }
            foreach (var category in approved)
            {
                var count = identifier.Categories.FirstOrDefault(c => c.Category == category)?.Rows.Count ?? 0;
                rows.Add([identifier.Identifier, "Found", category.Display(), count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }
        writer.Heading("Records per identifier and category", 3);
        writer.Table(["Identifier", "Account", "Category", "Records"], rows);
    }

    private static void WriteCertificate(PdfDocumentWriter writer, DataSnapshot snapshot, DisclosurePackageRequest request,
        string snapshotSha256, string batesFirst, string batesLast)
    {
        writer.Heading("Certificate of authenticity");
        writer.Paragraph($"I, {request.CertifyingLegalLead}, a legal lead of the provider, certify that:");
        writer.Paragraph(
            $"1. The records in this package, Bates numbers {batesFirst} through {batesLast}, were produced in response to the " +
            $"{request.ProcessType.Display().ToLowerInvariant()} in case {request.CaseNumber}, issued by {request.IssuingAuthority} " +
            $"and served by {request.AgencyName} ({request.AgencyCountry}), demand reference {request.Reference}.");
        writer.Paragraph(
            $"2. The records were extracted from the provider's systems at {PackageText.Instant(snapshot.TakenAt)} into a snapshot " +
            "whose SHA-256 digest is stated below and in the manifest, and this package was rendered from that snapshot without alteration.");
        writer.Paragraph(snapshotSha256, PdfTextStyle.Monospace);
        writer.Paragraph(
            "3. The package contains only the identifiers, data categories and date range approved for disclosure, as stated on the cover page.");
        writer.Space(12);
        writer.KeyValues(
        [
            new("Certified by", request.CertifyingLegalLead),
            new("Approved at", PackageText.Instant(request.ApprovedAt)),
            new("Signature", "_______________________________"),
        ]);
    }

    /// <summary>
    /// Reports layout as 0 to 0.9 (by rows written), footers as 0.9 to 0.99, then 1; at most once per percent,
    /// so a UI progress bar is not flooded.
    /// </summary>
    private sealed class ProgressTracker(IProgress<double>? progress, int totalWork)
    {
        private int _done;
        private double _reported = -1;

        public void Advance() => Report(0.9 * Math.Min(1.0, (double)++_done / Math.Max(1, totalWork)));

        public void Footer(PageNumbering page) => Report(0.9 + 0.09 * page.PageNumber / page.PageCount);

        public void Done() => Report(1.0);

        private void Report(double value)
        {
            if (progress is null || (value - _reported < 0.01 && value < 1.0) || value <= _reported) return;
            _reported = value;
            progress.Report(value);
        }
    }
}
