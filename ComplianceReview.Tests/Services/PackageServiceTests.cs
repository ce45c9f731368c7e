using System.Security.Cryptography;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace ComplianceReview.Tests.Services;

/// <summary>Sign-off binds the package: the lead reviews a package certified in their name, signs its hash, and the download is those bytes.</summary>
public sealed class PackageServiceTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private async Task<LegalDemand> ApprovedAsync()
    {
        await using var db = app.CreateDbContext();
        var email = await db.Customers.OrderBy(c => c.Id).Select(c => c.Email).FirstAsync();
        var reviewer = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var registered = await reviewer.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email), null);
        var demand = await reviewer.StartReviewAsync(registered.Reference!.Value, 0);
        return await reviewer.ApproveAsync(demand.Reference.Value, demand.Version, Reason);
    }

    [Fact]
    public async Task ALegalLeadOpensSignsAndDownloadsTheSameBytes()
    {
        var demand = await ApprovedAsync();
        var packages = app.ServiceAs<PackageService>(TestUser.LegalLead1);

        var prepared = await packages.PrepareForSignOffAsync(demand.Reference.Value, demand.Version);
        var preview = await packages.DownloadAsync(demand.Reference.Value);
        var signed = await app.ServiceAs<DemandService>(TestUser.LegalLead1).SignOffAsync(demand.Reference.Value, prepared.DemandVersion, prepared.Sha256);
        var download = await app.ServiceAs<PackageService>(TestUser.Auditor).DownloadAsync(demand.Reference.Value);

        Assert.Equal(DemandStatus.Disclosed, signed.Status);
        Assert.Equal(prepared.Sha256, signed.SignOffs[^1].PackageSha256);
        Assert.Equal(preview.Content, download.Content);
        Assert.Equal(prepared.Sha256, Convert.ToHexStringLower(SHA256.HashData(download.Content)));
        using var pdf = PdfDocument.Open(download.Content);
        Assert.Equal(prepared.PageCount, pdf.NumberOfPages);
        Assert.Contains(pdf.GetPages(), p => p.Text.Contains(TestUser.LegalLead1.User.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpeningTwiceReusesThePackageAndAnotherLeadGetsTheirOwn()
    {
        var demand = await ApprovedAsync();
        var lee = await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(demand.Reference.Value, demand.Version);
        var again = await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(demand.Reference.Value, lee.DemandVersion);
        var lou = await app.ServiceAs<PackageService>(TestUser.LegalLead2).PrepareForSignOffAsync(demand.Reference.Value, again.DemandVersion);

        Assert.Equal(lee, again);
        Assert.NotEqual(lee.Sha256, lou.Sha256);
        Assert.Equal("Lou Legal", lou.CertifiedByName);

        // Lee's package is no longer the one attached: signing it is refused.
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            app.ServiceAs<DemandService>(TestUser.LegalLead1).SignOffAsync(demand.Reference.Value, lou.DemandVersion, lee.Sha256));
        Assert.Contains("hash differs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameSnapshotAndLeadRenderTheSameBytes()
    {
        var demand = await ApprovedAsync();
        var lee = await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(demand.Reference.Value, demand.Version);
        var lou = await app.ServiceAs<PackageService>(TestUser.LegalLead2).PrepareForSignOffAsync(demand.Reference.Value, lee.DemandVersion);
        var leeAgain = await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(demand.Reference.Value, lou.DemandVersion);

        Assert.Equal(lee.Sha256, leeAgain.Sha256);
    }

    [Fact]
    public async Task ALeadWhoDecidedCannotOpenThePackageForSignOffAndTheAttemptIsAudited()
    {
        await using var db = app.CreateDbContext();
        var email = await db.Customers.OrderBy(c => c.Id).Select(c => c.Email).FirstAsync();
        var both = app.ServiceAs<DemandService>(TestUser.ReviewerAndLead);
        var registered = await both.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email), null);
        var demand = await both.StartReviewAsync(registered.Reference!.Value, 0);
        demand = await both.ApproveAsync(demand.Reference.Value, demand.Version, Reason);

        var error = await Assert.ThrowsAsync<FourEyesViolation>(() =>
            app.ServiceAs<PackageService>(TestUser.ReviewerAndLead).PrepareForSignOffAsync(demand.Reference.Value, demand.Version));

        Assert.Equal(FourEyes.Message, error.Message);
        await using var check = app.CreateDbContext();
        var last = await check.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal((AuditActions.AccessDenied, TestUser.ReviewerAndLead.User.Id), (last.Action, last.ActorId));
    }

    [Theory]
    [InlineData("reviewer")]
    [InlineData("auditor")]
    public async Task OnlyLegalLeadsOpenPackagesForSignOff(string who)
    {
        var demand = await ApprovedAsync();
        var user = who == "reviewer" ? TestUser.Reviewer2 : TestUser.Auditor;
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.ServiceAs<PackageService>(user).PrepareForSignOffAsync(demand.Reference.Value, demand.Version));
    }

    [Fact]
    public async Task AdministratorsCannotDownloadPackages()
    {
        var demand = await ApprovedAsync();
        await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(demand.Reference.Value, demand.Version);
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.ServiceAs<PackageService>(TestUser.Admin).DownloadAsync(demand.Reference.Value));
    }

    [Fact]
    public async Task EveryDownloadIsAudited()
    {
        var demand = await ApprovedAsync();
        await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(demand.Reference.Value, demand.Version);
        await app.ServiceAs<PackageService>(TestUser.Reviewer1).DownloadAsync(demand.Reference.Value);

        await using var db = app.CreateDbContext();
        var actions = await db.AuditEntries.Where(e => e.DemandReference == demand.Reference.Value).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.PackageGenerated, AuditActions.PackageViewed, AuditActions.PackageDownloaded], actions.TakeLast(3));
    }

    [Fact]
    public async Task ThereIsNothingToDownloadBeforeAPackageIsGenerated()
    {
        var demand = await ApprovedAsync();
        await Assert.ThrowsAsync<DemandNotFoundException>(() => app.ServiceAs<PackageService>(TestUser.Reviewer1).DownloadAsync(demand.Reference.Value));
    }

    [Fact]
    public async Task SeededDisclosuresCarryASignedStoredPackage()
    {
        await using var db = app.CreateDbContext();
        var disclosed = await db.Demands.AsNoTracking().Include(d => d.SignOffs).Where(d => d.Status == DemandStatus.Disclosed).ToListAsync();
        Assert.NotEmpty(disclosed);
        foreach (var demand in disclosed)
        {
            var sha = demand.SignOffs.Single().PackageSha256;
            var stored = await db.Packages.AsNoTracking().SingleAsync(p => p.DemandId == demand.Id);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(stored.Content)));
            Assert.NotNull(demand.Outcome);
        }
    }
}
