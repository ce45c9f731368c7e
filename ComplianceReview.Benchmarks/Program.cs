using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;

// `generate` fills (or finds) the cached database; `cpu` times the candidates by CPU time; the rest is BenchmarkDotNet's.
if (args is ["generate", ..])
{
    var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : BenchmarkDatabase.DemandCount;
    Console.WriteLine(BenchmarkDatabase.EnsureCreated(count));
    return 0;
}

if (args is ["cpu", ..])
{
    await CpuTimeProbe.RunAsync(Console.Out);
    return 0;
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.P95, StatisticColumn.OperationsPerSecond)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.StopOnFirstError);
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkDatabase).Assembly).Run(args, config);
return 0;
