using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Services;

/// <summary>Assignment, hand-over and take-over through the demand service, on the real app: each audited, refusals too.</summary>
public sealed class AssignmentServiceTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private DemandService As(TestUser user) => app.ServiceAs<DemandService>(user);

    private async Task<LegalDemand> InReviewByReviewer1Async()
    {
        await using var db = app.CreateDbContext();
        var email = await db.Customers.OrderBy(c => c.Id).Select(c => c.Email).FirstAsync();
        var result = await As(TestUser.Reviewer1).RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email), null);
        var demand = (await As(TestUser.Reviewer1).FindAsync(result.Reference!.Value))!;
        return await As(TestUser.Reviewer1).StartReviewAsync(demand.Reference.Value, demand.Version);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(LegalDemand demand)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.DemandReference == demand.Reference.Value).OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task AnotherReviewersDecisionIsRefusedAndTheRefusalIsAudited()
    {
        var demand = await InReviewByReviewer1Async();

        var refused = await Assert.ThrowsAsync<DomainException>(() => As(TestUser.Reviewer2).ApproveAsync(demand.Reference.Value, demand.Version, Reason));

        Assert.Contains("Take it over first", refused.Message, StringComparison.Ordinal);
        var current = (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!;
        Assert.Equal((DemandStatus.InReview, demand.Version), (current.Status, current.Version));
        var last = (await AuditOfAsync(demand))[^1];
        Assert.Equal((AuditActions.AccessDenied, TestUser.Reviewer2.User.Id), (last.Action, last.ActorId));
        Assert.Contains("assignee or take-over", last.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATakeOverIsAuditedWithItsReasonAndThenTheDecisionGoesThrough()
    {
        var demand = await InReviewByReviewer1Async();

        var taken = await As(TestUser.Reviewer2).TakeOverAsync(demand.Reference.Value, demand.Version, "Riley is out sick this week.");
        var approved = await As(TestUser.Reviewer2).ApproveAsync(demand.Reference.Value, taken.Version, Reason);

        Assert.Equal(DemandStatus.AwaitingSignOff, approved.Status);
        var entries = await AuditOfAsync(demand);
        var takeOver = Assert.Single(entries, e => e.Action == AuditActions.DemandTakenOver);
        Assert.Equal(TestUser.Reviewer2.User.Id, takeOver.ActorId);
        Assert.Contains("Riley is out sick this week.", takeOver.DetailsJson, StringComparison.Ordinal);
        Assert.Contains(TestUser.Reviewer1.User.Id, takeOver.DetailsJson, StringComparison.Ordinal);
        Assert.True(entries.ToList().FindIndex(e => e.Action == AuditActions.DemandTakenOver)
            < entries.ToList().FindIndex(e => e.Action == AuditActions.DemandApproved));
    }

    [Fact]
    public async Task AHandOverMovesTheDemandToTheOtherReviewerWithTheNoteInTheAuditEntry()
    {
        var demand = await InReviewByReviewer1Async();

        var handedOver = await As(TestUser.Reviewer1).AssignAsync(demand.Reference.Value, demand.Version, TestUser.Reviewer2.User.Id,
            "Over to you: waiting for the agency's call-back.");

        Assert.True(handedOver.IsAssignedTo(TestUser.Reviewer2.User));
        var entry = Assert.Single(await AuditOfAsync(demand), e => e.Action == AuditActions.DemandAssigned);
        Assert.Contains("waiting for the agency", entry.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"handOver\":\"true\"", entry.DetailsJson, StringComparison.Ordinal);
        // The one it was handed over from now needs a take-over to decide.
        await Assert.ThrowsAsync<DomainException>(() => As(TestUser.Reviewer1).RejectAsync(demand.Reference.Value, handedOver.Version, RejectionReason.Other, Reason));
    }

    [Fact]
    public async Task AnUnknownAssigneeIsRefusedAndNothingIsRecorded()
    {
        var demand = await InReviewByReviewer1Async();
        var before = (await AuditOfAsync(demand)).Count;

        await Assert.ThrowsAsync<DomainException>(() => As(TestUser.Reviewer1).AssignAsync(demand.Reference.Value, demand.Version, "someone-made-up", "please"));

        Assert.Equal(before, (await AuditOfAsync(demand)).Count);
        Assert.True((await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!.IsAssignedTo(TestUser.Reviewer1.User));
    }

    [Fact]
    public async Task AnAuditorCannotAssign()
    {
        var demand = await InReviewByReviewer1Async();

        await Assert.ThrowsAsync<AccessDeniedException>(() => As(TestUser.Auditor).AssignAsync(demand.Reference.Value, demand.Version, TestUser.Reviewer2.User.Id, "note"));
    }

    [Fact]
    public async Task TheQueueFiltersByAssigneeAndShowsWhoHasIt()
    {
        var demand = await InReviewByReviewer1Async();
        await As(TestUser.Reviewer1).AssignAsync(demand.Reference.Value, demand.Version, TestUser.Reviewer2.User.Id, "yours now");
        var queue = app.Services.GetService(typeof(DemandQueue)) as DemandQueue;

        var samsPage = await queue!.PageAsync(new DemandQuery { Assignee = TestUser.Reviewer2.User.Id, PageSize = 100 });
        var unassigned = await queue.PageAsync(new DemandQuery { Assignee = DemandQuery.Unassigned, PageSize = 100 });

        var row = Assert.Single(samsPage.Rows, r => r.Reference == demand.Reference.Value);
        Assert.Equal(TestUser.Reviewer2.User.Name, row.Assignee);
        Assert.DoesNotContain(unassigned.Rows, r => r.Reference == demand.Reference.Value);
        Assert.All(unassigned.Rows, r => Assert.Null(r.Assignee));
        Assert.Equal($"?assignee={TestUser.Reviewer2.User.Id}", new DemandQuery { Assignee = TestUser.Reviewer2.User.Id }.ToQueryString());
        Assert.Equal(TestUser.Reviewer2.User.Id, DemandQuery.Parse($"?assignee={TestUser.Reviewer2.User.Id}").Assignee);
    }
}
