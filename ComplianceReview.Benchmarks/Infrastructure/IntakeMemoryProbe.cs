using System.Diagnostics;
using System.Globalization;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.Benchmarks.Benchmarks;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceReview.Benchmarks.Infrastructure;

/// <summary>
/// <c>intake-memory</c>: the peak memory of one intake check, per corpus file, each in a process of its own (so one case's
/// heap cannot carry into the next). The parent builds the file; the child reads it, warms the check up on a plain order, resets the kernel's
/// peak-RSS mark (<c>/proc/self/clear_refs</c>), runs the check once and reports the peak resident memory above where it
/// started, the managed memory the check allocated on its thread, and the time. Not BenchmarkDotNet: a peak is one
/// number per run, not a distribution.
/// </summary>
public static class IntakeMemoryProbe
{
    public static async Task<int> RunAllAsync(TextWriter log)
    {
        var self = Environment.ProcessPath!;
        var assembly = typeof(IntakeMemoryProbe).Assembly.Location;
        var folder = Path.Combine(Path.GetTempPath(), "cr-intake-corpus");
        Directory.CreateDirectory(folder);
        log.WriteLine("| File | Size | Verdict | Time (of which the scan) | Peak RSS above start | Allocated on the check's thread |");
        log.WriteLine("|---|---:|---|---:|---:|---:|");
        foreach (var name in IntakeCorpus.Names)
        {
            // Built here and read there: the child's heap holds the upload and nothing of its making.
            var file = Path.Combine(folder, name + ".pdf");
            await File.WriteAllBytesAsync(file, IntakeCorpus.Bytes(name));
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(assembly);
            start.ArgumentList.Add("intake-memory-case");
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(file);
            using var child = Process.Start(start)!;
            var line = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            log.WriteLine(child.ExitCode == 0 ? line.Trim() : $"| {name} | | process ended with {child.ExitCode} | | | |");
        }
        return 0;
    }

    public static async Task<int> RunOneAsync(string name, string file, TextWriter log)
    {
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System);
        var check = new OrderDocumentCheck(bounds, PdfScanLimits.Default, NullLogger<OrderDocumentCheck>.Instance);
        var content = await File.ReadAllBytesAsync(file);
        await check.CheckAsync(Tests.Documents.Hostile.HostilePdfs.Valid());
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();

        var rssBefore = Status("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");
        var verdict = await check.CheckAsync(content);
        var peak = Status("VmHWM");

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {content.Length / 1048576.0:0.0} MB | {(verdict.Accepted ? "accepted" : verdict.Refusal.ToString())} | {verdict.Elapsed.TotalMilliseconds:N0} ms ({verdict.Scan?.Elapsed.TotalMilliseconds ?? 0:N0} ms) | {(peak - rssBefore) / 1048576.0:0.0} MB | {verdict.AllocatedBytes / 1048576.0:0.0} MB |"));
        return 0;
    }

    /// <summary>A line of /proc/self/status in bytes (the kernel reports kB).</summary>
    private static long Status(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
