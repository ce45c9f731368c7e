using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ComplianceReview.Diagnostics;

/// <summary>
/// <c>GET /diagnostics/memory</c>: the server's managed memory, for the circuit load driver (ComplianceReview.LoadDriver)
/// to measure the cost of an open circuit. Only when <c>Diagnostics:Enabled</c> is true in the Development environment:
/// it is anonymous and forces a full collection per call, which no shared instance may offer.
/// </summary>
public static class MemoryEndpoint
{
    public const string ConfigKey = "Diagnostics:Enabled";
    public const string Path = "/diagnostics/memory";

    internal static void Add(IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (!configuration.GetValue<bool>(ConfigKey) || !environment.IsDevelopment()) return;
        services.AddSingleton<IStartupFilter, MemoryEndpointFilter>();
    }

    /// <summary>Ahead of the app's own pipeline: anonymous on purpose, since the driver reads it before and after signing its circuits in; it shows sizes, not data.</summary>
    private sealed class MemoryEndpointFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Path, branch => branch.Run(context =>
            {
                // A full, compacting collection first, so the figure is live objects rather than garbage not yet collected.
                var managed = GC.GetTotalMemory(forceFullCollection: true);
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                return context.Response.WriteAsJsonAsync(new MemorySnapshot(managed, info.HeapSizeBytes, info.FragmentedBytes,
                    Environment.WorkingSet, GC.CollectionCount(2)));
            }));
            next(app);
        };
    }

    public sealed record MemorySnapshot(long ManagedBytes, long HeapSizeBytes, long FragmentedBytes, long WorkingSetBytes, int Gen2Collections);
}
