using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Reports;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Reports;

/// <summary>The PDF (read back with PdfPig) and the download endpoints, on the hand-computed demands of <see cref="TransparencyReportServiceTests"/>.</summary>
public sealed class TransparencyExportTests(TransparencyReportServiceTests.Seeded fixture) : IClassFixture<TransparencyReportServiceTests.Seeded>
{
    private static readonly ReportPeriod Period = ReportPeriod.Parse("2025-H2");
    private readonly ComplianceAppFactory app = fixture.App;

    private TransparencyReportService Service(TestUser user) => app.ServiceAs<TransparencyReportService>(user);

    [Fact]
    public async Task ThePdfShowsEveryTableWithItsFiguresAndIsAudited()
    {
        var before = (await app.AuditAsync(ReportAuditActions.TransparencyReportExported)).Count;

        var file = await Service(TestUser.Reviewer1).ExportPdfAsync(Period);

        Assert.Equal("application/pdf", file.ContentType);
        var pdf = PdfReadBack.Read(file.Content);
        Assert.Equal("Transparency report 2025-H2", pdf.Information["Title"]);
        var text = pdf.NormalisedText;
        Assert.Contains("Transparencyreport2025-H2", text, StringComparison.Ordinal);
        Assert.Contains("Notpublished", text, StringComparison.Ordinal);
        // Rows as they read across the page: country, requests, accounts, open, closed, then the four percentages.
        Assert.Contains("DE33030.066.70.033.3", text, StringComparison.Ordinal);
        Assert.Contains("US581425.025.025.025.0", text, StringComparison.Ordinal);
        Assert.Contains("Total8111714.342.914.328.6", text, StringComparison.Ordinal);
        Assert.Contains("GB1210----", text, StringComparison.Ordinal);
        Assert.Contains("FR221001", text, StringComparison.Ordinal);
        Assert.Contains("Page1of1", text, StringComparison.Ordinal);

        var audit = await app.AuditAsync(ReportAuditActions.TransparencyReportExported);
        Assert.Equal(before + 1, audit.Count);
        Assert.Contains("\"pdf\"", audit[^1].DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePdfOfTheSameFiguresIsTheSameFile()
    {
        var report = await Service(TestUser.Reviewer1).BuildAsync(Period);
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(TransparencyPdf.Render(report, null, at), TransparencyPdf.Render(report, null, at));
    }

    [Fact]
    public async Task TheCsvDownloadNeedsASignedInUserAndAValidPeriod()
    {
        using var anonymous = TestSignIn.CreateClient(app);
        using var refused = await anonymous.GetAsync("/reports/transparency.csv?period=2025-H2");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Auditor1);
        using var bad = await client.GetAsync("/reports/transparency.csv?period=2025-H3");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var response = await client.GetAsync("/reports/transparency.csv?period=2025-H2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("transparency-2025-H2.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("2025-H2,requests,Total,8,11,1,7,1,3,1,2,14.3,42.9,14.3,28.6,,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var pdf = await client.GetAsync("/reports/transparency.pdf?period=2025-H2");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/reports/transparency", "Subpoenas, court orders and search warrants")]
    [InlineData("/tracks/emergency-follow-ups", "Emergency follow-ups")]
    [InlineData("/tracks/preservations", "Preservations")]
    [InlineData("/tracks/notifications", "Customer notifications")]
    public async Task ThePagesRenderForASignedInUser(string path, string text)
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.LegalLead1);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
