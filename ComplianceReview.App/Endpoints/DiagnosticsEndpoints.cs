namespace ComplianceReview.App.Endpoints;

/// <summary>
/// Test-only: the server's managed memory, for the circuit load driver (ComplianceReview.LoadDriver) to measure the
/// cost of an open circuit. Mapped only when <c>Diagnostics:Enabled</c> is true in the Development environment: it is
/// anonymous and forces a full collection per call, which no shared instance may offer.
/// </summary>
public static class DiagnosticsEndpoints
{
    public const string ConfigKey = "Diagnostics:Enabled";

    public static WebApplication MapDiagnosticsEndpoints(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(ConfigKey) || !app.Environment.IsDevelopment()) return app;

        // Anonymous on purpose: the driver reads it before and after signing its circuits in; it shows sizes, not data.
        app.MapGet("/diagnostics/memory", () =>
        {
            // A full, compacting collection first, so the figure is live objects rather than garbage not yet collected.
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            return Results.Json(new MemorySnapshot(managed, info.HeapSizeBytes, info.FragmentedBytes, Environment.WorkingSet,
                GC.CollectionCount(2)));
        }).AllowAnonymous();
        return app;
    }

    public sealed record MemorySnapshot(long ManagedBytes, long HeapSizeBytes, long FragmentedBytes, long WorkingSetBytes, int Gen2Collections);
}
