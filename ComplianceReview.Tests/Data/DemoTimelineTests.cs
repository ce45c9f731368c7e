using ComplianceReview.App.Services;
using ComplianceReview.Domain.Reports;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Data;

/// <summary>
/// The demo data's dates are relative to the moment of seeding (the test clock): open demands due in the coming days,
/// closed ones spread over several half-years, and every audit entry dated when its event happened, in that order.
/// </summary>
public sealed class DemoTimelineTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    [Fact]
    public async Task MostOpenDemandsAreDueInTheComingDaysAndOnlyAFewAreOverdue()
    {
        var now = ComplianceAppFactory.DefaultNow;
        await using var db = app.CreateDbContext();
        var open = await db.Demands.AsNoTracking().Where(d => DemandQueue.OpenStatuses.Contains(d.Status)).Select(d => new { d.DueAt, d.ReceivedAt }).ToListAsync();

        Assert.NotEmpty(open);
        var overdue = open.Count(d => d.DueAt < now);
        Assert.InRange(overdue, 1, open.Count / 3);
        Assert.All(open, d => Assert.InRange(d.DueAt, now.AddDays(-7), now.AddDays(15)));
        Assert.All(open, d => Assert.InRange(d.ReceivedAt, now.AddDays(-14), now));
    }

    [Fact]
    public async Task ClosedDemandsSpreadOverSeveralPastHalfYears()
    {
        await using var db = app.CreateDbContext();
        var closed = (await db.Demands.AsNoTracking().Select(d => new { d.Status, d.ReceivedAt, d.ClosedAt }).ToListAsync())
            .Where(d => d.ClosedAt is not null).ToList();

        Assert.True(closed.Select(d => ReportPeriod.Of(d.ReceivedAt)).Distinct().Count() >= 4,
            string.Join(", ", closed.Select(d => ReportPeriod.Of(d.ReceivedAt)).Distinct()));
        Assert.All(closed, d => Assert.True(d.ClosedAt <= ComplianceAppFactory.DefaultNow));
    }

    [Fact]
    public async Task AuditEntriesAreDatedWhenTheirEventsHappenedInChainOrder()
    {
        var now = ComplianceAppFactory.DefaultNow;
        await using var db = app.CreateDbContext();
        var seeded = await db.AuditEntries.AsNoTracking().Where(e => e.DemandReference != null && e.ActorId != "system")
            .OrderBy(e => e.Sequence).Take(400).ToListAsync();
        var demands = await db.Demands.AsNoTracking().Select(d => new { Reference = d.Reference.Value, d.ReceivedAt, d.ClosedAt }).ToListAsync();

        // The seed's own entries are the first ones; they are not all stamped with one instant (the seeding time).
        Assert.True(seeded.Select(e => e.OccurredAt).Distinct().Count() > demands.Count);
        Assert.All(seeded.Zip(seeded.Skip(1)), pair => Assert.True(pair.First.OccurredAt <= pair.Second.OccurredAt,
            $"entry {pair.Second.Sequence} ({pair.Second.OccurredAt:O}) is dated before entry {pair.First.Sequence} ({pair.First.OccurredAt:O})"));
        Assert.All(seeded, e => Assert.True(e.OccurredAt <= now));
        foreach (var demand in demands)
        {
            var registered = Assert.Single(seeded, e => e.DemandReference == demand.Reference && e.Action == AuditActions.DemandRegistered);
            Assert.Equal(demand.ReceivedAt.UtcTicks / TimeSpan.TicksPerMillisecond, registered.OccurredAt.UtcTicks / TimeSpan.TicksPerMillisecond);
        }
    }
}
