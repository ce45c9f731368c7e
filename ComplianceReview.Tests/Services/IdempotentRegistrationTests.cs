using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Services;

/// <summary>One registration per submission key: double-clicks, retries and concurrent resends register one demand.</summary>
public sealed class IdempotentRegistrationTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private DemandService As(TestUser user) => app.ServiceAs<DemandService>(user);

    private async Task<int> DemandsWithCaseNumberAsync(string caseNumber)
    {
        await using var db = app.CreateDbContext();
        return await db.Demands.CountAsync(d => d.CaseNumber == caseNumber);
    }

    [Fact]
    public async Task ASecondSubmissionWithTheSameKeyReturnsTheFirstDemandAndRegistersNothing()
    {
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow());
        var submission = RegistrationSubmission.Of(SubmissionKey.New(), registration, null);

        var first = await As(TestUser.Reviewer1).RegisterAsync(registration, null, submission);
        var second = await As(TestUser.Reviewer1).RegisterAsync(registration, null, submission);

        Assert.True(first.Succeeded);
        Assert.False(first.Replayed);
        Assert.True(second.Succeeded);
        Assert.True(second.Replayed);
        Assert.Equal(first.Reference, second.Reference);
        Assert.Equal(1, await DemandsWithCaseNumberAsync(registration.CaseNumber));
        await using var db = app.CreateDbContext();
        var actions = await db.AuditEntries.Where(e => e.DemandReference == first.Reference!.Value).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.DemandRegistered, AuditActions.RegistrationRepeated], actions);
    }

    [Fact]
    public async Task ConcurrentSubmissionsWithOneKeyRegisterExactlyOneDemand()
    {
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow());
        var submission = RegistrationSubmission.Of(SubmissionKey.New(), registration, null);

        // Each its own service and database context, started together: they race to the write lock.
        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => As(TestUser.Reviewer1).RegisterAsync(registration, null, submission))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Reference).Distinct());
        Assert.Single(results, r => !r.Replayed);
        Assert.Equal(1, await DemandsWithCaseNumberAsync(registration.CaseNumber));
    }

    [Fact]
    public async Task WithoutAKeyEverySubmissionRegisters()
    {
        // The planted counterpart of the tests above: the key is what makes the second one find the first.
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow());

        await As(TestUser.Reviewer1).RegisterAsync(registration, null);
        await As(TestUser.Reviewer1).RegisterAsync(registration, null);

        Assert.Equal(2, await DemandsWithCaseNumberAsync(registration.CaseNumber));
    }

    [Fact]
    public async Task TheSameKeyWithDifferentDetailsIsRefusedAndNamesTheFirstDemand()
    {
        var key = SubmissionKey.New();
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow());
        var first = await As(TestUser.Reviewer1).RegisterAsync(registration, null, RegistrationSubmission.Of(key, registration, null));
        var edited = registration with { IssuingAuthority = "Another court" };

        var second = await As(TestUser.Reviewer1).RegisterAsync(edited, null, RegistrationSubmission.Of(key, edited, null));

        Assert.False(second.Succeeded);
        Assert.Equal(first.Reference, second.KeyUsedFor);
        Assert.Contains($"already registered {first.Reference}", Assert.Single(second.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(1, await DemandsWithCaseNumberAsync(registration.CaseNumber));
    }

    [Fact]
    public async Task TwoReviewersWithTheSameKeyRegisterTheirOwnDemands()
    {
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow());
        var submission = RegistrationSubmission.Of(SubmissionKey.New(), registration, null);

        var one = await As(TestUser.Reviewer1).RegisterAsync(registration, null, submission);
        var other = await As(TestUser.Reviewer2).RegisterAsync(registration, null, submission);

        Assert.NotEqual(one.Reference, other.Reference);
        Assert.False(other.Replayed);
    }

    [Fact]
    public async Task ASubmissionRefusedForItsProblemsLeavesTheKeyFreeForTheCorrectedOne()
    {
        var key = SubmissionKey.New();
        var broken = Registrations.CourtOrder(app.Time.GetUtcNow()) with { AgencyName = "" };
        var refused = await As(TestUser.Reviewer1).RegisterAsync(broken, null, RegistrationSubmission.Of(key, broken, null));
        var fixedOne = broken with { AgencyName = "Federal Bureau of Investigation" };

        var registered = await As(TestUser.Reviewer1).RegisterAsync(fixedOne, null, RegistrationSubmission.Of(key, fixedOne, null));

        Assert.False(refused.Succeeded);
        Assert.True(registered.Succeeded);
        Assert.False(registered.Replayed);
    }
}
