using ComplianceReview.App.Documents;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Documents;

public sealed class BatesStartTests
{
    [Fact]
    public void APackageStartingLaterNumbersEveryPageFromItsStartAndTheCertificateNamesTheRange()
    {
        var snapshot = new SnapshotBuilder().WithCategories(DataCategory.SubscriberIdentity)
            .WithIdentifier("alice@example.org", (DataCategory.SubscriberIdentity, [["Alice Liddell", "alice@example.org"]])).Build();

        var package = new DisclosurePackageRenderer().Render(snapshot, new RequestBuilder().Build() with { BatesStart = 41 });

        Assert.Equal("CR-000041", package.BatesFirst);
        Assert.Equal($"CR-{40 + package.PageCount:000000}", package.BatesLast);
        var pdf = PdfReadBack.Read(package.Pdf);
        for (var i = 0; i < pdf.Pages.Count; i++)
            Assert.Contains($"Page{i + 1}of{pdf.Pages.Count}CR-{41 + i:000000}", PdfReadBack.Normalise(pdf.Pages[i]), StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Normalise($"{package.BatesFirst} through {package.BatesLast}"), PdfReadBack.Normalise(pdf.Pages[^1]), StringComparison.Ordinal);
        Assert.DoesNotContain("CR-000001", PdfReadBack.Normalise(string.Concat(pdf.Pages)), StringComparison.Ordinal);
    }
}
