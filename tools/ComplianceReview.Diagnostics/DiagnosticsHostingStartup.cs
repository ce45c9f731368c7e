using ComplianceReview.Diagnostics;
using Microsoft.AspNetCore.Hosting;

[assembly: HostingStartup(typeof(DiagnosticsHostingStartup))]

namespace ComplianceReview.Diagnostics;

/// <summary>
/// Adds the tools to the app's host: the crash workload when <c>CrashWorkload:Enabled</c>, the memory endpoint when
/// <c>Diagnostics:Enabled</c>. Refused outright in Production: a production instance never runs them, whatever it is told.
/// </summary>
public sealed class DiagnosticsHostingStartup : IHostingStartup
{
    internal const string ProductionRefused =
        "ComplianceReview.Diagnostics (the crash workload and the memory endpoint) is test tooling; it is refused in the Production environment.";

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices((context, services) =>
    {
        if (context.HostingEnvironment.IsProduction()) throw new InvalidOperationException(ProductionRefused);
        CrashWorkloadExtensions.AddCrashWorkload(services, context.Configuration);
        MemoryEndpoint.Add(services, context.Configuration, context.HostingEnvironment);
    });
}
