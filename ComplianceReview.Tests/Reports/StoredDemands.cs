using ComplianceReview.App.Services;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Reports;

/// <summary>Puts demands made by <see cref="DemandBuilder"/> straight into the app's database, each with a reference of its own.</summary>
public static class StoredDemands
{
    private static int _next = 900_000;

    /// <summary>Received at <paramref name="at"/>, issued the day before (so the demand is valid at the builder's Now).</summary>
    public static DemandBuilder ReceivedOn(this DemandBuilder builder, DateTimeOffset at) =>
        builder.ReceivedAt(at).IssuedOn(DateOnly.FromDateTime(at.UtcDateTime).AddDays(-1));

    public static async Task<IReadOnlyList<LegalDemand>> SaveAsync(this ComplianceAppFactory app, params DemandBuilder[] builders)
    {
        var demands = builders.Select(b => b.WithReference(DemandReference.Create(2026, Interlocked.Increment(ref _next))).Build()).ToList();
        // One context per demand: NonDisclosureOrder.None is one shared instance, and EF Core tracks an owned instance
        // under one owner only, so two demands without an order cannot be added in the same context.
        foreach (var demand in demands)
        {
            await using var db = app.CreateDbContext();
            // An emergency the builder approved was confirmed by phone to the builder's directory agency: store it too.
            if (demand.DirectoryAgencyId is { } agencyId && !await db.DirectoryAgencies.AnyAsync(a => a.Id == agencyId))
                db.DirectoryAgencies.Add(DemandBuilder.ConfirmingAgency);
            db.Demands.Add(demand);
            await db.SaveChangesAsync();
        }
        return demands;
    }

    public static async Task<LegalDemand> SaveAsync(this ComplianceAppFactory app, DemandBuilder builder) => (await app.SaveAsync([builder]))[0];

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this ComplianceAppFactory app, string action)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync();
    }

    public static DemandService Demands(this ComplianceAppFactory app, TestUser user) => app.ServiceAs<DemandService>(user);
}
