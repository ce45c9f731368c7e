using System.Diagnostics;
using ComplianceReview.Benchmarks.Benchmarks;

namespace ComplianceReview.Benchmarks.Infrastructure;

/// <summary>
/// <c>cpu</c>: the single-threaded candidates once more, timed by the CPU time this process used as well as by the
/// clock. On a machine shared with other builds the clock counts the time spent waiting for a core; the CPU time
/// does not, so it is the closer estimate of the wall time on an idle core. Not a BenchmarkDotNet run: a few
/// repetitions after a warm-up, reported as the median.
/// </summary>
public static class CpuTimeProbe
{
    public static async Task RunAsync(TextWriter log)
    {
        var queue = new QueueBenchmarks { Filter = "Disclosed" };
        await queue.SetupAsync();
        await MeasureAsync(log, "Queue keyset, middle page (Disclosed)", 30, async () => await queue.KeysetMiddle());
        await MeasureAsync(log, "Queue OFFSET, middle page (Disclosed)", 5, async () => await queue.OffsetMiddle());
        await queue.CleanupAsync();

        var country = new QueueBenchmarks { Filter = "Country=US" };
        await country.SetupAsync();
        await MeasureAsync(log, "Queue keyset, middle page (Country=US)", 30, async () => await country.KeysetMiddle());
        await MeasureAsync(log, "Queue OFFSET, middle page (Country=US)", 5, async () => await country.OffsetMiddle());
        await country.CleanupAsync();

        var transparency = new TransparencyBenchmarks();
        await transparency.SetupAsync();
        await MeasureAsync(log, "Transparency 2025 H1, TransparencyReportService.BuildAsync", 10, transparency.Service);
        await transparency.CleanupAsync();

        await RunAuditAsync(log);

        var pdf = new PdfBenchmarks();
        pdf.Setup();
        foreach (var pages in new[] { 10, 100, 1000 })
            await MeasureAsync(log, $"PDFsharp package, {pages} pages", pages == 1000 ? 2 : 5, () => Task.FromResult(pdf.PdfSharp(pages)));
    }

    /// <summary>The audit verification candidates alone (a quick check of the chain's cost per entry).</summary>
    public static async Task RunAuditAsync(TextWriter log)
    {
        var verify = new AuditVerifyBenchmarks();
        await verify.SetupAsync();
        await MeasureAsync(log, "EF stream + AuditChainVerifier, 1M (before)", 2, () => Task.FromResult(verify.EfStreamVerifier()));
        await MeasureAsync(log, "AuditVerificationService, first 1M (parallel)", 3, verify.ServiceFirstMillion);
        await verify.CleanupAsync();
    }

    private static async Task MeasureAsync<T>(TextWriter log, string name, int repetitions, Func<Task<T>> work)
    {
        await work();
        var wall = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < repetitions; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await work();
            wall.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
        wall.Sort();
        cpu.Sort();
        log.WriteLine($"{name}: median wall {wall[wall.Count / 2]:F1} ms, median CPU {cpu[cpu.Count / 2]:F1} ms (n={repetitions})");
    }
}
