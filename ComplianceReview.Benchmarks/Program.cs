using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ComplianceReview.Benchmarks.Benchmarks;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;

// `generate` fills (or finds) the cached database; `cpu` times the candidates by CPU time (`cpu audit`: the audit verification only); `chromium-1000` times Chromium
// and PDFsharp on the 1,000-page package (too slow for BenchmarkDotNet's job); `intake-memory` measures the peak memory of
// the upload check per corpus file, one process each; the rest is BenchmarkDotNet's.
if (args is ["generate", ..])
{
    var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : BenchmarkDatabase.DemandCount;
    Console.WriteLine(BenchmarkDatabase.EnsureCreated(count));
    return 0;
}

if (args is ["cpu", "audit"])
{
    await CpuTimeProbe.RunAuditAsync(Console.Out);
    return 0;
}

if (args is ["cpu", ..])
{
    await CpuTimeProbe.RunAsync(Console.Out);
    return 0;
}

if (args is ["intake-memory"])
{
    return await IntakeMemoryProbe.RunAllAsync(Console.Out);
}

if (args is ["intake-memory-case", var intakeCase, var intakeFile])
{
    return await IntakeMemoryProbe.RunOneAsync(intakeCase, intakeFile, Console.Out);
}

if (args is ["mail-production", ..])
{
    return await MailProductionProbe.RunAsync(args.Length > 1 && int.TryParse(args[1], out var m) ? m : 100_000, Console.Out);
}

if (args is ["chromium-1000", ..])
{
    PdfBenchmarks.CompareAtThousandPages(Console.Out, repetitions: args.Length > 1 && int.TryParse(args[1], out var r) ? r : 2);
    return 0;
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.P95, StatisticColumn.OperationsPerSecond)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.StopOnFirstError);
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkDatabase).Assembly).Run(args, config);
return 0;
