using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Services.Audit;

namespace ComplianceReview.App.Documents;

/// <summary>
/// Lays out an auditor's export (<see cref="RecordDocument"/>: the audit log or a case record) as a PDF: title, subject,
/// one heading per section with its fields, its table or its "nothing here" line. Every page's footer carries the head
/// digest and "Page x of y", so a single printed page still says which state of the chain it was taken from.
/// Output is deterministic: the same document gives the same bytes.
/// </summary>
public sealed class RecordPdfRenderer
{
    /// <summary>Renders on a thread-pool thread: an audit log of <see cref="AuditExportService.MaxPdfEntries"/> rows takes a while.</summary>
    public Task<byte[]> RenderAsync(RecordDocument document, CancellationToken cancellationToken = default) =>
        Task.Run(() => Render(document, cancellationToken), cancellationToken);

    public byte[] Render(RecordDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var metadata = new PdfDocumentMetadata(
            Title: document.Title,
            Creator: DisclosurePackageRenderer.Creator,
            CreatedAt: document.GeneratedAt,
            DocumentId: DocumentId(document));

        using var writer = new PdfDocumentWriter(metadata, cancellationToken);
        writer.Heading(document.Title);
        writer.Paragraph(document.Subject);
        writer.Paragraph($"Generated {AuditExportText.Time(document.GeneratedAt)} by {document.GeneratedBy}. " +
            "The head digest in the footer is this export's own audit entry (sequence:hash); " +
            "verifying the trail against it later shows whether entries up to it were removed or rewritten.", PdfTextStyle.Small);

        foreach (var section in document.Sections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Heading(section.Heading, 2);
            if (section.Fields.Count > 0)
                writer.KeyValues(section.Fields.Select(f => new KeyValuePair<string, string>(f.Label, f.Value)));
            // The writer sizes columns from their content, which reads better than the content model's width hints.
            if (section.Table is { Rows.Count: > 0 } table)
                writer.Table(table.Columns.Select(c => c.Header).ToList(), table.Rows);
            if (section.EmptyText is { } empty)
                writer.Paragraph(empty);
        }

        return writer.Save(page => new PageFooter(
            Left: document.HeadDigestLine,
            Right: $"Page {page.PageNumber} of {page.PageCount}"));
    }

    /// <summary>The PDF's /ID: every export appends its own entry, so the head makes the id differ between exports.</summary>
    private static byte[] DocumentId(RecordDocument document) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{document.Title}\n{document.Head}\n{AuditExportText.IsoTime(document.GeneratedAt)}"))[..16];
}
