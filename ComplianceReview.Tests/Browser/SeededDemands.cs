using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Browser;

/// <summary>Seeded demands to open in the browser, picked by status so each page has something to act on.</summary>
internal static class SeededDemands
{
    public static async Task<string> FirstWithStatusAsync(BrowserAppFactory app, DemandStatus status)
    {
        await using var db = app.CreateDbContext();
        var references = await db.Demands.AsNoTracking().Where(d => d.Status == status).Select(d => d.Reference).ToListAsync();
        return references.Select(r => r.Value).Order(StringComparer.Ordinal).First();
    }
}
