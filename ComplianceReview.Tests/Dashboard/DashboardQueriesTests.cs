using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Dashboard;

/// <summary>
/// The dashboard's figures over the real database, and their sharing: reused while nothing changes, loaded again at
/// once after a change through the app, and after at most <see cref="DashboardQueries.MaxAge"/> for a change the app did
/// not make (another instance).
/// </summary>
public sealed class DashboardQueriesTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private DashboardQueries Dashboard => app.Services.GetRequiredService<DashboardQueries>();

    private DateTimeOffset Now => app.Time.GetUtcNow();

    private async Task<string> RegisterAsync(DemandRegistration registration, TestUser? user = null)
    {
        var result = await app.ServiceAs<DemandService>(user ?? TestUser.Reviewer1).RegisterAsync(registration, null);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return result.Reference!.Value;
    }

    [Fact]
    public async Task TheFiguresMatchTheDatabaseAndTheListsHoldTheRightDemandsInDueOrder()
    {
        var late = await RegisterAsync(Registrations.CourtOrder(Now) with { IssuedOn = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-25), ReceivedAt = Now.AddDays(-20), DueAt = Now.AddHours(-2) });
        var soon = await RegisterAsync(Registrations.Subpoena(Now) with { ReceivedAt = Now.AddHours(-3), DueAt = Now.AddHours(30) });
        var later = await RegisterAsync(Registrations.Subpoena(Now) with { ReceivedAt = Now.AddHours(-3), DueAt = Now.AddDays(10) });

        var figures = await Dashboard.LoadAsync(TestUser.Reviewer1.User.Id);

        await using var db = app.CreateDbContext();
        var demands = await db.Demands.AsNoTracking().Select(d => new { Reference = d.Reference.Value, d.Status, d.DueAt, d.ProcessType }).ToListAsync();
        foreach (var status in Enum.GetValues<DemandStatus>())
            Assert.Equal(demands.Count(d => d.Status == status), figures.CountsByStatus[status]);

        var overdue = figures.Overdue.Select(s => s.Reference).ToList();
        var dueSoon = figures.DueSoon.Select(s => s.Reference).ToList();
        Assert.Contains(late, overdue);
        Assert.DoesNotContain(soon, overdue);
        Assert.Contains(soon, dueSoon);
        Assert.DoesNotContain(later, dueSoon);
        Assert.All(figures.Overdue, s => Assert.True(s.IsOverdue && s.DueAt < figures.AsOf));
        Assert.All(figures.DueSoon, s => Assert.False(s.IsOverdue));
        Assert.Equal(figures.Overdue.OrderBy(s => s.DueAt).Select(s => s.Reference), overdue);
        Assert.Equal(Now, figures.AsOf);
    }

    [Fact]
    public async Task WhileNothingChangesEveryDashboardSharesTheSameFiguresAndLists()
    {
        var first = await Dashboard.LoadAsync(TestUser.Reviewer1.User.Id);
        var again = await Dashboard.LoadAsync(TestUser.Reviewer2.User.Id);
        var third = await Dashboard.LoadAsync(TestUser.Reviewer1.User.Id);

        Assert.Same(first.CountsByStatus, again.CountsByStatus);
        Assert.Same(first.Overdue, again.Overdue);
        Assert.Same(first.DueSoon, again.DueSoon);
        Assert.Same(first.Emergencies, again.Emergencies);
        Assert.Same(first.MyReviews, third.MyReviews);
    }

    [Fact]
    public async Task AChangeMadeThroughTheAppShowsOnTheNextLoad()
    {
        var before = await Dashboard.LoadAsync(TestUser.Reviewer1.User.Id);

        var reference = await RegisterAsync(Registrations.CourtOrder(Now) with { IssuedOn = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-25), ReceivedAt = Now.AddDays(-20), DueAt = Now.AddMinutes(-1) });
        var after = await Dashboard.LoadAsync(TestUser.Reviewer1.User.Id);

        Assert.Equal(before.CountsByStatus[DemandStatus.Received] + 1, after.CountsByStatus[DemandStatus.Received]);
        Assert.Contains(after.Overdue, s => s.Reference == reference);

        // Starting the review assigns the demand to the reviewer: their list shows it at once, the other reviewer's does not.
        await using (var db = app.CreateDbContext())
        {
            var version = await db.Demands.Where(d => d.Reference == DemandReference.Parse(reference)).Select(d => d.Version).SingleAsync();
            await app.ServiceAs<DemandService>(TestUser.Reviewer2).StartReviewAsync(reference, version);
        }
        Assert.Contains((await Dashboard.LoadAsync(TestUser.Reviewer2.User.Id)).MyReviews, s => s.Reference == reference);
        Assert.DoesNotContain((await Dashboard.LoadAsync(TestUser.Reviewer1.User.Id)).MyReviews, s => s.Reference == reference);
    }

    [Fact]
    public async Task AChangeTheAppDidNotMakeShowsOnceTheFiguresAreOlderThanTheirMaximumAge()
    {
        var before = await Dashboard.LoadAsync(null);

        // Written straight to the database, as another instance of the app would.
        var emergency = await app.SaveAsync(DemandBuilder.EmergencyRequest().ReceivedOn(Now.AddHours(-1)).DueAt(Now.AddHours(20)));

        app.Time.Advance(DashboardQueries.MaxAge - TimeSpan.FromSeconds(1));
        var stale = await Dashboard.LoadAsync(null);
        Assert.Same(before.Emergencies, stale.Emergencies);
        Assert.DoesNotContain(stale.Emergencies, s => s.Reference == emergency.Reference.Value);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await Dashboard.LoadAsync(null);
        Assert.Contains(fresh.Emergencies, s => s.Reference == emergency.Reference.Value);
        Assert.Equal(before.CountsByStatus.Values.Sum() + 1, fresh.CountsByStatus.Values.Sum());
    }
}
