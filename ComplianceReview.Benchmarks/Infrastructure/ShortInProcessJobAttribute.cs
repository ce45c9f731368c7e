using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ComplianceReview.Benchmarks.Infrastructure;

/// <summary>
/// A short job run inside the host process. In-process because the suite shares a 2-core machine with other builds:
/// the default toolchain would generate and build a project that references the whole app for every run. Few
/// iterations, so the suite finishes in minutes (the 20-minute limit per benchmark is for the Chromium baseline); the baseline of each class runs beside its candidates, so the ratios
/// hold even when the absolute figures are noisy.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortInProcessJobAttribute(int warmupCount = 2, int iterationCount = 10)
    : JobConfigBaseAttribute(Job.Default
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
        .WithLaunchCount(1)
        .WithWarmupCount(warmupCount)
        .WithIterationCount(iterationCount)
        .WithId("ShortInProcess"));
