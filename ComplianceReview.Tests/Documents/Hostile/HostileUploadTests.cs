using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>
/// Every file of the hostile corpus, through the check the intake form uses (the app's own <see cref="OrderDocumentCheck"/>)
/// and through <c>POST /api/demands</c>: refused for the reason it was made to trigger (or accepted with exactly its active
/// content flagged), nothing stored for a refusal, memory within the stated bound, and the server healthy afterwards.
/// </summary>
public sealed class HostileUploadTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    /// <summary>
    /// The bound stated in docs/security.md: what one check allocates (scan and PDFsharp, on its own thread) is at most twice
    /// the file (PDFsharp copies stream data) plus this. Allocated bytes bound the peak from above, and they are counted on
    /// the check's thread only, so other tests running at the same time cannot disturb the figure.
    /// </summary>
    public const long AllowedAboveTwiceTheFile = 64L * 1024 * 1024;

    public static TheoryData<string> Corpus => [.. HostilePdfs.All.Select(c => c.Name)];

    private OrderDocumentCheck Check => app.Services.GetRequiredService<OrderDocumentCheck>();

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task TheFormsCheckRefusesOrFlagsEachHostileFileWithinItsBounds(string name)
    {
        var hostile = HostilePdfs.Case(name);
        var content = HostilePdfs.Bytes(hostile);

        var verdict = await Check.CheckAsync(content);

        AssertVerdict(hostile, verdict);
        Assert.InRange(verdict.AllocatedBytes, 0, 2L * content.Length + AllowedAboveTwiceTheFile);
        if (verdict.Scan is { } scan)
        {
            Assert.InRange(scan.InflatedBytes, 0, PdfScanLimits.InflatedBytes + PdfScanLimits.InflateChunkBytes);
            Assert.InRange(scan.StructureBytes, 0, PdfScanLimits.StructureBytes + PdfScanLimits.InflateChunkBytes);
            Assert.InRange(scan.DeepestNesting, 0, PdfScanLimits.NestingDepth);
            Assert.InRange(scan.Values, 0, PdfScanLimits.Values + 1);
        }
    }

    [Theory]
    [InlineData("DeepArrays1000000")]
    [InlineData("DeepDictionaries1000000")]
    [InlineData("DeepArraysInObjectStream1000000")]
    public async Task DeepNestingIsRefusedAtTheFirstLevelPastTheLimit(string name)
    {
        var verdict = await Check.CheckAsync(HostilePdfs.Bytes(HostilePdfs.Case(name)));

        Assert.Equal(PdfScanProblem.NestingTooDeep, verdict.Scan!.Problem);
        Assert.Equal(PdfScanLimits.NestingDepth, verdict.Scan.DeepestNesting);
    }

    [Theory]
    [InlineData("FlateBombContentStream1GiB", false)]
    [InlineData("ManySmallFlateBombs", false)]
    [InlineData("FlateBombObjectStream1GiB", true)]
    [InlineData("FlateBombCrossReferenceStream", true)]
    public async Task AFlateBombIsStoppedByTheInflatersCapNotByRunningOutOfMemory(string name, bool structure)
    {
        var verdict = await Check.CheckAsync(HostilePdfs.Bytes(HostilePdfs.Case(name)));

        var scan = verdict.Scan!;
        Assert.Equal(PdfScanProblem.DecompressionBomb, scan.Problem);
        // It stopped within one chunk past the cap that applies: the cap refused it, and nothing inflated further.
        if (structure) Assert.InRange(scan.StructureBytes, PdfScanLimits.StructureBytes + 1, PdfScanLimits.StructureBytes + PdfScanLimits.InflateChunkBytes);
        else Assert.InRange(scan.InflatedBytes, PdfScanLimits.InflatedBytes + 1, PdfScanLimits.InflatedBytes + PdfScanLimits.InflateChunkBytes);
        Assert.InRange(verdict.AllocatedBytes, 0, PdfScanLimits.StructureBytes * 3);
    }

    [Fact]
    public async Task PlainDocumentsMadeTheSameWayAreAcceptedWithoutFindings()
    {
        // The corpus's builders make valid files; only the attack in each makes it hostile.
        foreach (var plain in new[] { HostilePdfs.Valid(), HostilePdfs.ValidCompressed(), TestPdfs.Create(pages: 2) })
        {
            var verdict = await Check.CheckAsync(plain);

            Assert.Null(verdict.Problem);
            Assert.Equal(DocumentActiveContent.None, verdict.ActiveContent);
            Assert.True(verdict.PageCount >= 1);
        }
    }

    [Fact]
    public async Task AFileNearEveryBoundAtOnceIsAcceptedAndParsedByPdfSharp()
    {
        var verdict = await Check.CheckAsync(HostilePdfs.Bytes(HostilePdfs.AtTheLimits));

        // What PDFsharp then holds is measured alone, in HostileCorpusMemoryTests.
        Assert.Null(verdict.Problem);
        Assert.Equal(DocumentActiveContent.JavaScript, verdict.ActiveContent);
        var scan = verdict.Scan!;
        Assert.InRange(scan.CompressedObjects, PdfScanLimits.IndirectObjects * 9 / 10, PdfScanLimits.IndirectObjects);
        Assert.InRange(scan.StructureBytes, PdfScanLimits.StructureBytes * 8 / 10, PdfScanLimits.StructureBytes);
        Assert.InRange(scan.DeepestNesting, PdfScanLimits.NestingDepth - 5, PdfScanLimits.NestingDepth);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task TheApiRefusesOrFlagsEachHostileFileStoresNothingRefusedAndStaysHealthy(string name)
    {
        var hostile = HostilePdfs.Case(name);
        var content = HostilePdfs.Bytes(hostile);
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var before = await CountsAsync();

        using var response = await client.PostAsJsonAsync("/api/demands", Body(content));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (hostile.Expectation == HostileExpectation.Refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var messages = body.GetProperty("errors").GetProperty("OrderDocument").EnumerateArray().Select(m => m.GetString()).ToList();
            Assert.Equal([OrderDocumentCheck.Message(Enum.Parse<OrderDocumentRefusal>(hostile.Reason))], messages);
            Assert.Equal(before, await CountsAsync());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var finding = Assert.Single(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == nameof(FindingCode.OrderDocumentActiveContent));
            Assert.Equal(nameof(FindingSeverity.Warning), finding.GetProperty("severity").GetString());
            await using var db = app.CreateDbContext();
            var reference = DemandReference.Parse(body.GetProperty("reference").GetString()!);
            var demand = await db.Demands.AsNoTracking().SingleAsync(d => d.Reference == reference);
            Assert.Equal(Enum.Parse<DocumentActiveContent>(hostile.Reason), demand.OrderDocument!.ActiveContent);
            // The evidence is kept byte for byte, under the hash recorded on the demand.
            var stored = await db.Documents.AsNoTracking().SingleAsync(d => d.Sha256 == demand.OrderDocument.Sha256);
            Assert.Equal(content, stored.Content);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), demand.OrderDocument.Sha256);
        }

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static void AssertVerdict(HostileCase hostile, OrderDocumentVerdict verdict)
    {
        if (hostile.Expectation == HostileExpectation.Refused)
        {
            Assert.Equal(Enum.Parse<OrderDocumentRefusal>(hostile.Reason), verdict.Refusal);
            Assert.Equal(OrderDocumentCheck.Message(verdict.Refusal!.Value), verdict.Problem);
        }
        else
        {
            Assert.Null(verdict.Problem);
            Assert.Equal(Enum.Parse<DocumentActiveContent>(hostile.Reason), verdict.ActiveContent);
        }
    }

    private async Task<(int, int, int)> CountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Demands.CountAsync(), await db.AuditEntries.CountAsync(), await db.Documents.CountAsync());
    }

    internal static object Body(byte[] document) => new
    {
        agencyName = "Bundeskriminalamt",
        agencyCountry = "DE",
        processType = "CourtOrder",
        issuingAuthority = "Amtsgericht Wiesbaden",
        caseNumber = "DE-2026-" + Guid.NewGuid().ToString("N")[..6],
        issuedOn = "2026-10-30",
        receivedAt = "2026-11-01T08:00:00Z",
        dueAt = "2026-11-20T17:00:00Z",
        targets = new[] { "acct-10001" },
        categories = new[] { "SubscriberIdentity" },
        orderDocumentFileName = "order.pdf",
        orderDocumentBase64 = Convert.ToBase64String(document),
    };
}
