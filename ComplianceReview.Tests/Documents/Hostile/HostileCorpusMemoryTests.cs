using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>Runs alone (no other test class at the same time), so process-wide memory figures are this class's own.</summary>
[CollectionDefinition(nameof(ProcessMemoryCollection), DisableParallelization = true)]
public sealed class ProcessMemoryCollection;

/// <summary>
/// The coarse, process-level check beside the per-check allocation bounds: the whole corpus through the API, one after the
/// other and then the worst files at once, leaves the server answering and its heap where it was. Without the bounds one
/// file of the corpus took the server from 261 MB to 5.3 GB resident (and kept it), another ended the process.
/// </summary>
[Collection(nameof(ProcessMemoryCollection))]
public sealed class HostileCorpusMemoryTests(ComplianceAppFactory app, ITestOutputHelper output) : IClassFixture<ComplianceAppFactory>
{
    /// <summary>
    /// Generous against noise, tiny against what a leak of one bomb is. Most of what the heap keeps is the test host's own:
    /// TestServer's in-memory request pipe rents buffers the size of each body from the shared array pool, and the pool keeps
    /// them (about twice the largest bodies, 66 MB here); Kestrel reads bodies in 4 KB blocks instead.
    /// </summary>
    private const long AllowedHeapGrowth = 128L * 1024 * 1024;

    /// <summary>Peak resident memory may grow by this over the whole run: ten times below what one unbounded bomb took.</summary>
    private const long AllowedPeakGrowth = 512L * 1024 * 1024;

    [Fact]
    public async Task TheWholeCorpusThroughTheApiLeavesTheServerHealthyWithItsMemoryBounded()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        // The request bodies are made before measuring: the client shares this process, and its serializer's buffers are not the server's.
        var bodies = HostilePdfs.All.ToDictionary(h => h.Name, h => JsonSerializer.SerializeToUtf8Bytes(HostileUploadTests.Body(HostilePdfs.Bytes(h))));
        (await PostAsync(client, JsonSerializer.SerializeToUtf8Bytes(HostileUploadTests.Body(TestPdfs.Order)))).EnsureSuccessStatusCode();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var peakBefore = ResetPeakWorkingSet();

        foreach (var hostile in HostilePdfs.All)
        {
            using var response = await PostAsync(client, bodies[hostile.Name]);
            Assert.Equal(hostile.Expectation == HostileExpectation.Refused ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
        }

        // Then the most expensive files, eight at once: the slots make them queue instead of inflating side by side.
        var worst = new[] { "FlateBombContentStream1GiB", "FlateBombObjectStream1GiB", "ManySmallFlateBombs", "DeepArrays1000000" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await PostAsync(client, bodies[worst[i % worst.Length]]);
            return response.StatusCode;
        }));
        Assert.All(responses, status => Assert.Equal(HttpStatusCode.BadRequest, status));

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var peakGrowth = PeakWorkingSet() - peakBefore;
        output.WriteLine($"Heap after the corpus: {heapGrowth:N0} bytes above before; peak resident memory {peakGrowth:N0} bytes above before.");
        Assert.True(heapGrowth < AllowedHeapGrowth, $"The heap grew by {heapGrowth:N0} bytes over the corpus.");
        Assert.True(peakGrowth < AllowedPeakGrowth, $"Peak resident memory grew by {peakGrowth:N0} bytes over the corpus.");
        Assert.Equal(0, app.Services.GetRequiredService<BoundedDocumentCheck>().Running);
    }

    /// <summary>
    /// The memory bound of docs/security.md, measured where it is reached: what PDFsharp holds once it has read a file the scan
    /// let through. For the file nearest every bound, and for a 20 MB scan (where PDFsharp's copy of the stream data is most of it).
    /// </summary>
    [Theory]
    [InlineData("AtTheLimits")]
    [InlineData("ScannedOrder20MB")]
    public void WhatPdfSharpHoldsOfAFileThatPassedStaysWithinTheStatedBound(string name)
    {
        var content = name == "ScannedOrder20MB" ? HostilePdfs.ScannedOrder20MB : HostilePdfs.Bytes(HostilePdfs.Case(name));
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var scan = PdfStructureScan.Run(content, PdfScanLimits.Default, CancellationToken.None);
        var afterScan = GC.GetTotalMemory(forceFullCollection: true);
        using var stream = new MemoryStream(content, writable: false);
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(stream, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{name}: {content.Length:N0}-byte file; PDFsharp holds {held:N0} bytes.");

        Assert.Null(scan.Problem);
        Assert.True(afterScan - before < 1024 * 1024, $"The scan kept {afterScan - before:N0} bytes after it ended.");
        Assert.True(document.PageCount > 0);
        Assert.True(held < content.Length + OrderDocumentCheck.HeldAboveFileBytes,
            $"PDFsharp held {held:N0} bytes for a {content.Length:N0}-byte file.");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return await client.PostAsync("/api/demands", content);
    }

    /// <summary>
    /// Lowers the kernel's peak-RSS mark to the present (Linux: /proc/self/clear_refs), so the peak measured next is this
    /// test's and not the corpus builder's; where that is not possible the earlier peak stands, which only makes the bound looser.
    /// </summary>
    private static long ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: measure against the peak so far.
        }
        return PeakWorkingSet();
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
