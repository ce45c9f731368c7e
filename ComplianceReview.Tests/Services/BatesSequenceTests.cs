using System.Globalization;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace ComplianceReview.Tests.Services;

/// <summary>Bates numbers continue across productions under a prefix: no number is printed on two packages.</summary>
public sealed class BatesSequenceTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private async Task<LegalDemand> ApprovedAsync(int customer)
    {
        await using var db = app.CreateDbContext();
        var email = await db.Customers.OrderBy(c => c.Id).Skip(customer).Select(c => c.Email).FirstAsync();
        var reviewer = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var registered = await reviewer.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email), null);
        var demand = await reviewer.StartReviewAsync(registered.Reference!.Value, 0);
        return await reviewer.ApproveAsync(demand.Reference.Value, demand.Version, Reason);
    }

    private static int Number(string bates) => int.Parse(bates[(bates.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);

    [Fact]
    public async Task EachPackageStartsAfterTheLastNumberAnyEarlierPackageTookAndTheRangeIsRecorded()
    {
        var packages = app.ServiceAs<PackageService>(TestUser.LegalLead1);
        var first = await ApprovedAsync(20);
        var second = await ApprovedAsync(21);

        var one = await packages.PrepareForSignOffAsync(first.Reference.Value, first.Version);
        // The same approval's package for a second lead keeps its numbers (same snapshot, same range).
        var again = await app.ServiceAs<PackageService>(TestUser.LegalLead2).PrepareForSignOffAsync(first.Reference.Value, one.DemandVersion);
        var two = await packages.PrepareForSignOffAsync(second.Reference.Value, second.Version);

        Assert.Equal((one.BatesFirst, one.BatesLast), (again.BatesFirst, again.BatesLast));
        Assert.Equal(Number(one.BatesLast) + 1, Number(two.BatesFirst));
        Assert.Equal(Number(two.BatesFirst) + two.PageCount - 1, Number(two.BatesLast));

        await using var db = app.CreateDbContext();
        var ranges = await db.BatesRanges.AsNoTracking().OrderBy(r => r.First).ToListAsync();
        Assert.Contains(ranges, r => r.DemandId == second.Id && r.PackageSha256 == two.Sha256 && r.First == Number(two.BatesFirst) && r.Last == Number(two.BatesLast));
        // No number in two ranges, whatever else (the demo seed's disclosures included) took numbers before.
        for (var i = 1; i < ranges.Count; i++) Assert.True(ranges[i].First > ranges[i - 1].Last, $"{ranges[i - 1].Last} and {ranges[i].First} overlap");

        // The pages carry the numbers the range records.
        var pdf = await app.ServiceAs<PackageService>(TestUser.LegalLead1).DownloadAsync(second.Reference.Value);
        using var document = PdfDocument.Open(pdf.Content);
        Assert.Contains(two.BatesFirst, PdfReadBack.Normalise(document.GetPage(1).Text), StringComparison.Ordinal);
        Assert.Contains(two.BatesLast, PdfReadBack.Normalise(document.GetPage(two.PageCount).Text), StringComparison.Ordinal);
    }
}
