using ComplianceReview.Tests.Infrastructure;
using Xunit.Sdk;

namespace ComplianceReview.Tests.Browser;

/// <summary>Where the browser tests expect Chromium, and whether a missing one is a skip or a failure.</summary>
public static class BrowserEnvironment
{
    /// <summary>Debian's Chromium; <c>CHROMIUM_PATH</c> overrides it (for another distribution, or to check the CI failure).</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool ChromiumAvailable => File.Exists(ChromiumPath);

    /// <summary>On a build server a missing browser must not turn the browser suite into a silent skip.</summary>
    public static bool IsCi => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CI"));

    public static string MissingMessage =>
        $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium).";
}

/// <summary>
/// A browser test: skipped with a message when Chromium is missing on a developer machine; when <c>CI</c> is set the test
/// runs anyway and fails with the same message (xunit 2 has no dynamic skip, so the decision is made here). Every browser
/// test is slow (<c>Speed=Slow</c>), so the attribute carries that trait too.
/// </summary>
[TraitDiscoverer(SlowTraitDiscoverer.TypeName, SlowTraitDiscoverer.AssemblyName)]
public sealed class BrowserFactAttribute : FactAttribute, ITraitAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserEnvironment.ChromiumAvailable && !BrowserEnvironment.IsCi)
        {
            Skip = BrowserEnvironment.MissingMessage + " Browser tests are skipped; with CI set they fail instead.";
        }
    }
}

/// <summary>The theory counterpart of <see cref="BrowserFactAttribute"/>, with the same skip-or-fail rule and trait.</summary>
[TraitDiscoverer(SlowTraitDiscoverer.TypeName, SlowTraitDiscoverer.AssemblyName)]
public sealed class BrowserTheoryAttribute : TheoryAttribute, ITraitAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!BrowserEnvironment.ChromiumAvailable && !BrowserEnvironment.IsCi)
        {
            Skip = BrowserEnvironment.MissingMessage + " Browser tests are skipped; with CI set they fail instead.";
        }
    }
}
