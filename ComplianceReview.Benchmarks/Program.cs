using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ComplianceReview.Benchmarks.Data;

// `generate` fills (or finds) the cached database and exits; everything else goes to BenchmarkDotNet.
if (args is ["generate", ..])
{
    var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : BenchmarkDatabase.DemandCount;
    Console.WriteLine(BenchmarkDatabase.EnsureCreated(count));
    return 0;
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.P95, StatisticColumn.OperationsPerSecond)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.StopOnFirstError);
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkDatabase).Assembly).Run(args, config);
return 0;
