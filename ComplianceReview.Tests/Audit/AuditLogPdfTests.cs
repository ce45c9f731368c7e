using ComplianceReview.App.Documents;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Audit;

/// <summary>The audit log as PDF, read back with PdfPig: the range, the head digest of its own entry on every page, the metadata.</summary>
public sealed class AuditLogPdfTests : FreshAppTests
{
    private static readonly DateOnly Day1 = DateOnly.FromDateTime(ComplianceAppFactory.DefaultNow.UtcDateTime);

    private async Task<(AuditLogExport Export, RecordDocument Document, byte[] Pdf)> ExportPdfAsync(DateOnly from, DateOnly to)
    {
        var exports = App.ServiceAs<AuditExportService>(TestUser.Auditor);
        var export = await exports.BeginAuditLogExportAsync(from, to, AuditExportFormat.Pdf);
        var document = await exports.BuildAuditLogDocumentAsync(export);
        return (export, document, await App.Services.GetRequiredService<RecordPdfRenderer>().RenderAsync(document));
    }

    [Fact]
    public async Task EveryPageCarriesTheHeadDigestOfTheExportsOwnEntryAndItsPageNumber()
    {
        await AuditTestKit.AppendAsync(App, 150); // enough rows for several pages
        App.Time.Advance(TimeSpan.FromHours(1));

        var (export, _, pdf) = await ExportPdfAsync(Day1, Day1);
        var read = PdfReadBack.Read(pdf);

        var own = (await AuditTestKit.ChainAsync(App))[^1];
        Assert.Equal((AuditActions.AuditExported, TestUser.Auditor.User.Id), (own.Action, own.ActorId));
        Assert.Equal(new AuditHead(own.Sequence, own.Hash), export.Head);
        Assert.True(read.Pages.Count > 2, $"Expected several pages, got {read.Pages.Count}.");
        for (var i = 0; i < read.Pages.Count; i++)
        {
            var page = PdfReadBack.Normalise(read.Pages[i]);
            Assert.Contains(PdfReadBack.Normalise($"Head digest: {own.Sequence}:{own.Hash}"), page, StringComparison.Ordinal);
            Assert.Contains(PdfReadBack.Normalise($"Page {i + 1} of {read.Pages.Count}"), page, StringComparison.Ordinal);
        }
        // The export's own entry is the last row, its hash printed in the table as well as in the footers.
        Assert.Contains(PdfReadBack.Normalise(Words.OfAuditAction(AuditActions.AuditExported)), PdfReadBack.Normalise(read.Pages[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyEntriesOfTheRangeArePrinted()
    {
        var writer = App.Services.GetRequiredService<ComplianceWriter>();
        await writer.RecordAsync(TestUser.Reviewer1.User, AuditActions.DemandViewed, "LD-2026-000001"); // day 1
        App.Time.Advance(TimeSpan.FromDays(1));
        await writer.RecordAsync(TestUser.Reviewer1.User, AuditActions.DemandViewed, "LD-2026-000002"); // day 2
        App.Time.Advance(TimeSpan.FromDays(1));
        await writer.RecordAsync(TestUser.Reviewer2.User, AuditActions.DemandViewed, "LD-2026-000003"); // day 3

        var (_, document, pdf) = await ExportPdfAsync(Day1.AddDays(1), Day1.AddDays(1));
        var text = PdfReadBack.Read(pdf).NormalisedText;

        var chain = await AuditTestKit.ChainAsync(App);
        Assert.Contains("LD-2026-000002", text, StringComparison.Ordinal);
        Assert.Contains(chain[1].Hash, text, StringComparison.Ordinal);
        Assert.DoesNotContain("LD-2026-000001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LD-2026-000003", text, StringComparison.Ordinal);
        Assert.DoesNotContain(chain[0].Hash, text, StringComparison.Ordinal);
        Assert.DoesNotContain(chain[2].Hash, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SamReviewer", text, StringComparison.Ordinal);
        // The export ran on day 3, so its own entry is outside the range too: it is named only by the digest.
        Assert.Single(document.Section("Entries").Table!.Rows);
    }

    [Fact]
    public async Task TheMetadataIsFixedAndTheSameDocumentGivesTheSameBytes()
    {
        App.Time.Advance(TimeSpan.FromHours(2.5));
        var (export, document, pdf) = await ExportPdfAsync(Day1, Day1);

        var read = PdfReadBack.Read(pdf);
        Assert.Equal("Audit log", read.Information["Title"]);
        Assert.StartsWith("D:20261102113000", read.Information["CreationDate"], StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 11, 30, 0, TimeSpan.Zero), export.ExportedAt);
        Assert.Equal(pdf, App.Services.GetRequiredService<RecordPdfRenderer>().Render(document));
    }

    [Fact]
    public async Task AnEmptyRangeSaysSoInsteadOfAnEmptyTable()
    {
        var (_, _, pdf) = await ExportPdfAsync(Day1.AddDays(-10), Day1.AddDays(-5));

        Assert.Contains("No entries in this range.", PdfReadBack.Read(pdf).AllText, StringComparison.Ordinal);
    }
}
