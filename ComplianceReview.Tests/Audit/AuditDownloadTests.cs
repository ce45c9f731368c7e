using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Audit;

/// <summary>The auditor's downloads over HTTP, signed in through the development sign-in page on the seeded demo data.</summary>
public sealed class AuditDownloadTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Range = "from=2026-10-01&to=2026-11-30";
    private const string SeededDemand = "LD-2026-000001";

    public static TheoryData<string, string, string> Downloads => new()
    {
        { $"/audit/export.csv?{Range}", "text/csv", "audit-log_2026-10-01_2026-11-30.csv" },
        { $"/audit/export.pdf?{Range}", "application/pdf", "audit-log_2026-10-01_2026-11-30.pdf" },
        { $"/demands/{SeededDemand.ToLowerInvariant()}/record.pdf", "application/pdf", $"case-record_{SeededDemand}.pdf" },
    };

    public static TheoryData<string> Paths => new()
    {
        $"/audit/export.csv?{Range}",
        $"/audit/export.pdf?{Range}",
        $"/demands/{SeededDemand}/record.pdf",
    };

    [Theory]
    [MemberData(nameof(Downloads))]
    public async Task AnAuditorDownloadsAnAttachmentThatIsNeitherSniffedNorCached(string path, string mediaType, string fileName)
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Auditor1);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal(fileName, disposition?.FileNameStar ?? disposition?.FileName);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
    }

    [Fact]
    public async Task TheDownloadedCaseRecordCarriesTheHeadDigestOfItsOwnEntry()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Auditor1);

        var pdf = await client.GetByteArrayAsync($"/demands/{SeededDemand}/record.pdf");

        var own = (await AuditTestKit.ChainAsync(app)).Last(e => e.Action == AuditActions.CaseRecordExported);
        Assert.Equal((SeededDemand, DemoUsers.Auditor1), (own.DemandReference, own.ActorId));
        var read = PdfReadBack.Read(pdf);
        Assert.All(read.Pages, page => Assert.Contains(PdfReadBack.Normalise($"Head digest: {own.Sequence}:{own.Hash}"),
            PdfReadBack.Normalise(page), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AReviewerIsForbidden(string path)
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AnAnonymousCallerIsSentToSignIn(string path)
    {
        using var client = TestSignIn.CreateClient(app);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("/audit/export.pdf?from=01%2F10%2F2026&to=2026-11-30")]
    [InlineData("/audit/export.pdf?to=2026-11-30")]
    [InlineData("/audit/export.pdf?from=2026-11-30&to=2026-11-01")]
    [InlineData("/audit/export.csv?from=yesterday&to=2026-11-30")]
    public async Task ABadRangeIsABadRequestAndIsNotRecorded(string path)
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Auditor1);
        var before = (await AuditTestKit.ChainAsync(app)).Count(e => e.Action == AuditActions.AuditExported);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await AuditTestKit.ChainAsync(app)).Count(e => e.Action == AuditActions.AuditExported));
    }

    [Theory]
    [InlineData("LD-2026-999999")]
    [InlineData("not-a-reference")]
    public async Task AnUnknownDemandIsNotFound(string reference)
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Auditor1);

        using var response = await client.GetAsync($"/demands/{reference}/record.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
