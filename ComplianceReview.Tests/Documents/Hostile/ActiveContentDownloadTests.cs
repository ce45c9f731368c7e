using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>
/// An order document with active content is kept as evidence and served only after the warning: without the acknowledgement
/// 409 and nothing served or audited; with it the original bytes (their recorded SHA-256), as an attachment of a type no
/// browser renders. A plain document downloads as before.
/// </summary>
public sealed class ActiveContentDownloadTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    [Fact]
    public async Task WithoutTheAcknowledgementTheDocumentIsNotServedAndTheAnswerSaysWhy()
    {
        var content = HostilePdfs.Bytes(HostilePdfs.Case("JavaScriptAndEmbeddedHtml"));
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var reference = await RegisterAsync(client, content);
        var downloads = await DownloadsAsync();

        using var response = await client.GetAsync($"/demands/{reference}/order.pdf");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("JavaScript, an embedded file", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("acknowledge=active-content", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("%PDF-", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(downloads, await DownloadsAsync());
    }

    [Fact]
    public async Task WithTheAcknowledgementTheOriginalBytesAreServedAsAnAttachmentThatNoBrowserOpens()
    {
        var content = HostilePdfs.Bytes(HostilePdfs.Case("JavaScriptAndEmbeddedHtml"));
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var reference = await RegisterAsync(client, content);

        using var response = await client.GetAsync($"/demands/{reference}/order.pdf?acknowledge=active-content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var served = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(content, served);
        await using var db = app.CreateDbContext();
        var parsed = DemandReference.Parse(reference);
        var demand = await db.Demands.AsNoTracking().SingleAsync(d => d.Reference == parsed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(served)), demand.OrderDocument!.Sha256);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.OrderDocumentDownloaded && e.DemandReference == reference).SingleAsync();
        Assert.Contains("JavaScript, EmbeddedFile", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainDocumentIsServedAsAPdfAttachmentWithoutAnyAcknowledgement()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var reference = await RegisterAsync(client, TestPdfs.Order);

        using var response = await client.GetAsync($"/demands/{reference}/order.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(TestPdfs.Order, await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<string> RegisterAsync(HttpClient client, byte[] content)
    {
        using var response = await client.PostAsJsonAsync("/api/demands", HostileUploadTests.Body(content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
    }

    private async Task<int> DownloadsAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.OrderDocumentDownloaded);
    }
}
