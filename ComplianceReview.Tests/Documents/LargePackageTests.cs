using System.Diagnostics;
using ComplianceReview.App.Documents;
using ComplianceReview.Domain.Demands;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Documents;

[Trait("Speed", "Slow")]
public sealed class LargePackageTests(ITestOutputHelper output)
{
    [Fact]
    public void TenThousandConnectionRowsRenderCompletely()
    {
        var rows = SnapshotBuilder.ConnectionRows(10_000, seed: 7);
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.ConnectionHistory)
            .WithIdentifier("alice@example.org", (DataCategory.ConnectionHistory, rows))
            .Build();

        var stopwatch = Stopwatch.StartNew();
        var package = new DisclosurePackageRenderer().Render(snapshot, new RequestBuilder().Build());
        stopwatch.Stop();
        output.WriteLine($"10,000 rows: {package.PageCount} pages, {package.Pdf.Length / 1024} KiB, rendered in {stopwatch.ElapsedMilliseconds} ms");

        // About 45 rows a page, plus cover, manifest and certificate.
        Assert.InRange(package.PageCount, 150, 400);
        var pdf = PdfReadBack.Read(package.Pdf);
        Assert.Equal(package.PageCount, pdf.Pages.Count);
        var text = pdf.NormalisedText;
        Assert.Contains(PdfReadBack.Normalise(rows[0][0] + rows[0][1]), text);
        Assert.Contains(PdfReadBack.Normalise(rows[^1][0] + rows[^1][1]), text);
        Assert.All(pdf.Pages.Skip(1).Take(package.PageCount - 3), page => Assert.Contains("Sign-intimeIPaddress", PdfReadBack.Normalise(page)));
    }
}
