using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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
public sealed class HostileCorpusMemoryTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    /// <summary>Generous against noise (the heap after a full collection moves by a few MB), tiny against what a leak of one bomb is.</summary>
    private const long AllowedHeapGrowth = 64L * 1024 * 1024;

    /// <summary>Peak resident memory may grow by this over the whole run: ten times below what one unbounded bomb took.</summary>
    private const long AllowedPeakGrowth = 512L * 1024 * 1024;

    [Fact]
    public async Task TheWholeCorpusThroughTheApiLeavesTheServerHealthyWithItsMemoryBounded()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        foreach (var hostile in HostilePdfs.All) HostilePdfs.Bytes(hostile); // built before measuring
        (await client.PostAsJsonAsync("/api/demands", HostileUploadTests.Body(TestPdfs.Order))).EnsureSuccessStatusCode();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var peakBefore = PeakWorkingSet();

        foreach (var hostile in HostilePdfs.All)
        {
            using var response = await client.PostAsJsonAsync("/api/demands", HostileUploadTests.Body(HostilePdfs.Bytes(hostile)));
            Assert.Equal(hostile.Expectation == HostileExpectation.Refused ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
        }

        // Then the most expensive files, eight at once: the slots make them queue instead of inflating side by side.
        var worst = new[] { "FlateBombContentStream1GiB", "FlateBombObjectStream1GiB", "ManySmallFlateBombs", "DeepArrays1000000" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await client.PostAsJsonAsync("/api/demands", HostileUploadTests.Body(HostilePdfs.Bytes(HostilePdfs.Case(worst[i % worst.Length]))));
            return response.StatusCode;
        }));
        Assert.All(responses, status => Assert.Equal(HttpStatusCode.BadRequest, status));

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(heapGrowth < AllowedHeapGrowth, $"The heap grew by {heapGrowth:N0} bytes over the corpus.");
        var peakGrowth = PeakWorkingSet() - peakBefore;
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

        Assert.Null(scan.Problem);
        Assert.True(afterScan - before < 1024 * 1024, $"The scan kept {afterScan - before:N0} bytes after it ended.");
        Assert.True(document.PageCount > 0);
        Assert.True(held < content.Length + OrderDocumentCheck.HeldAboveFileBytes,
            $"PDFsharp held {held:N0} bytes for a {content.Length:N0}-byte file.");
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
