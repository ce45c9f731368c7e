using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Documents;
using ComplianceReview.Domain.Reports;

namespace ComplianceReview.App.Services.Reports;

/// <summary>
/// The transparency report as a PDF, laid out with the shared <see cref="PdfDocumentWriter"/>: the same tables as the
/// page, the rounding rule, and for a published period who published it and the SHA-256 of its frozen figures.
/// Deterministic for a published period (creation date = publishing time, document id from the figures).
/// </summary>
public static class TransparencyPdf
{
    public const string Creator = "ComplianceReview";

    /// <param name="report">The figures to print (for a published period, the ones computed now; differences are listed).</param>
    /// <param name="check">The published report and its check against <paramref name="report"/>, if the period is published.</param>
    /// <param name="createdAt">The document's date when the period is not published.</param>
    public static byte[] Render(TransparencyReport report, PublishedReportCheck? check, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var canonical = PublishedTransparencyReport.CanonicalFormOf(report);
        var metadata = new PdfDocumentMetadata(
            Title: $"Transparency report {report.Period}",
            Creator: Creator,
            CreatedAt: check?.Published.PublishedAt ?? createdAt,
            DocumentId: SHA256.HashData(Encoding.UTF8.GetBytes(canonical))[..16]);

        using var writer = new PdfDocumentWriter(metadata, cancellationToken);
        writer.Heading($"Transparency report {report.Period}");
        writer.Paragraph($"Demands for customer data received from {report.Period.Start:yyyy-MM-dd} to {report.Period.EndExclusive.AddDays(-1):yyyy-MM-dd} (UTC), per country of the requesting agency.");
        writer.Paragraph("Percentages are shares of the closed demands of a row, rounded to one decimal, half away from zero; each is rounded on its own, "
            + "so a row may add up to 99.9 or 100.1. Open demands are counted apart and not in the percentages. Preservation requests, "
            + "for which data is held and never disclosed, and emergency requests have tables of their own.", PdfTextStyle.Small);

        if (check is not null)
        {
            writer.KeyValues(
            [
                new("Published", $"{check.Published.PublishedAt:yyyy-MM-dd HH:mm} UTC by {check.Published.PublishedByName}"),
                new("Figures SHA-256", check.Published.Sha256),
                new("Check", !check.IsIntact ? "The stored figures do not match their hash."
                    : check.Differences.Count == 0 ? "The figures below reproduce the published report."
                    : $"{check.Differences.Count} figure(s) differ from the published report; they are listed at the end."),
            ]);
        }
        else
        {
            writer.KeyValues([new("Status", "Not published: these figures may still change."), new("Figures SHA-256", PublishedTransparencyReport.HashOf(canonical))]);
        }

        OutcomeTable(writer, "Subpoenas, court orders and search warrants", report.Requests);
        OutcomeTable(writer, "Emergency requests", report.Emergencies);
        writer.Heading("Preservation requests", 2);
        writer.Table(["Country", "Requests", "Accounts specified", "Open", "Preserved", "Released", "Rejected"],
            report.Preservations.Rows.Append(report.Preservations.Total)
                .Select(r => (IReadOnlyList<string>)[r.Country, N(r.Requests), N(r.Accounts), N(r.Open), N(r.Preserved), N(r.Released), N(r.Rejected)]).ToList());

        if (check is { Differences.Count: > 0 })
        {
            writer.Heading("Differences from the published report", 2);
            writer.Table(["Table", "Row", "Figure", "Published", "Now"],
                check.Differences.Select(d => (IReadOnlyList<string>)[d.Section, d.Row, d.Column, d.Published ?? "(no row)", d.Current ?? "(no row)"]).ToList());
        }

        return writer.Save(page => new PageFooter(
            Left: $"Transparency report {report.Period}",
            Right: string.Create(CultureInfo.InvariantCulture, $"Page {page.PageNumber} of {page.PageCount}")));
    }

    private static void OutcomeTable(PdfDocumentWriter writer, string title, ReportTable<OutcomeRow> table)
    {
        writer.Heading(title, 2);
        writer.Table(
            ["Country", "Requests", "Accounts specified", "Open", "Closed", "% content", "% non-content only", "% no data found", "% rejected"],
            table.Rows.Append(table.Total).Select(r => (IReadOnlyList<string>)
            [
                r.Country, N(r.Requests), N(r.Accounts), N(r.Open), N(r.Closed),
                Percent.Format(r.PercentContent), Percent.Format(r.PercentNonContentOnly), Percent.Format(r.PercentNoDataFound), Percent.Format(r.PercentRejected),
            ]).ToList());
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
