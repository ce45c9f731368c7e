using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Tests.Documents.Hostile;
using Microsoft.Extensions.Logging.Abstractions;
using PdfSharp.Pdf.IO;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// The intake check of files it accepts: a valid 20 MB scanned order and the corpus file nearest every bound at once.
/// Baseline: what the check did before issue 16, PDFsharp's import parse alone on the caller's thread. The candidate adds
/// the structural scan (which inflates every Flate stream through its cap) and the hop to the bounded thread.
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 8)]
[MemoryDiagnoser]
public class OrderCheckBenchmarks : IDisposable
{
    private readonly BoundedDocumentCheck _bounds = new(DocumentCheckLimits.Default, TimeProvider.System);
    private OrderDocumentCheck _check = default!;
    private byte[] _content = [];

    [Params("ScannedOrder20MB", "AtTheLimits")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _check = new OrderDocumentCheck(_bounds, PdfScanLimits.Default, NullLogger<OrderDocumentCheck>.Instance);
        _content = IntakeCorpus.Bytes(Case);
        var verdict = _check.CheckAsync(_content).GetAwaiter().GetResult();
        if (!verdict.Accepted) throw new InvalidOperationException($"{Case} was refused: {verdict.Detail}");
        Console.WriteLine($"// {Case}: {_content.Length:N0} bytes, {verdict.PageCount} pages, inflated {verdict.Scan!.InflatedBytes:N0} bytes, " +
                          $"{verdict.Scan.IndirectObjects:N0} + {verdict.Scan.CompressedObjects:N0} objects, {verdict.Scan.Values:N0} values");
    }

    [Benchmark(Baseline = true)]
    public int PdfSharpAlone()
    {
        using var stream = new MemoryStream(_content, writable: false);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    [Benchmark]
    public async Task<int> Check() => (await _check.CheckAsync(_content)).PageCount;

    public void Dispose()
    {
        _bounds.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The intake check of hostile files, each refused: how long the refusal takes and what it allocates. Baseline: the check of
/// a plain one-page order. (Without the bounds several of these ended the process or took gigabytes: no "before" exists.)
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class HostileCheckBenchmarks : IDisposable
{
    private readonly BoundedDocumentCheck _bounds = new(DocumentCheckLimits.Default, TimeProvider.System);
    private OrderDocumentCheck _check = default!;
    private byte[] _plain = [];
    private byte[] _content = [];

    [Params("FlateBombContentStream1GiB", "ManySmallFlateBombs", "FlateBombObjectStream1GiB", "DeepDictionaries1000000",
        "DeepArraysInObjectStream1000000", "PageTree1000000PagesInObjectStreams", "PageTree20000Pages", "HalfAMillionNumbers")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _check = new OrderDocumentCheck(_bounds, PdfScanLimits.Default, NullLogger<OrderDocumentCheck>.Instance);
        _plain = HostilePdfs.Valid();
        _content = IntakeCorpus.Bytes(Case);
        var verdict = _check.CheckAsync(_content).GetAwaiter().GetResult();
        if (verdict.Accepted) throw new InvalidOperationException($"{Case} was accepted.");
        Console.WriteLine($"// {Case}: {_content.Length:N0} bytes, refused {verdict.Refusal} ({verdict.Detail})");
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> PlainOrder() => (await _check.CheckAsync(_plain)).Accepted;

    [Benchmark]
    public async Task<bool> Hostile() => (await _check.CheckAsync(_content)).Accepted;

    public void Dispose()
    {
        _bounds.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The corpus by name, plus the valid 20 MB scan.</summary>
public static class IntakeCorpus
{
    public const string ScannedOrder20MB = nameof(ScannedOrder20MB);

    public static IEnumerable<string> Names => new[] { ScannedOrder20MB, HostilePdfs.AtTheLimits.Name }.Concat(HostilePdfs.All.Select(c => c.Name));

    public static byte[] Bytes(string name) => name == ScannedOrder20MB ? HostilePdfs.ScannedOrder20MB : HostilePdfs.Bytes(HostilePdfs.Case(name));
}
