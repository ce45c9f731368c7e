using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Audit;

/// <summary>An entry commits with the change it records, or neither does; concurrent appends keep the sequence contiguous.</summary>
public sealed class AuditTransactionTests : FreshAppTests
{
    private ComplianceWriter Writer => App.Services.GetRequiredService<ComplianceWriter>();

    private async Task<LegalDemand> RegisteredAsync()
    {
        var result = await App.ServiceAs<DemandService>(TestUser.Reviewer1).RegisterAsync(Registrations.CourtOrder(App.Time.GetUtcNow()), null);
        return (await App.ServiceAs<DemandService>(TestUser.Reviewer1).FindAsync(result.Reference!.Value))!;
    }

    private async Task<(LegalDemand Demand, List<AuditEntry> Chain)> StoredAsync(LegalDemand demand)
    {
        var stored = await App.ServiceAs<DemandService>(TestUser.Reviewer1).FindAsync(demand.Reference.Value);
        return (stored!, await AuditTestKit.ChainAsync(App));
    }

    [Fact]
    public async Task AChangeCommittedByAnotherWriterBetweenPrepareAndWriteMakesTheSaveFailAndStoresNothing()
    {
        var demand = await RegisteredAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => Writer.WriteAsync(
            prepare: async db =>
            {
                var tracked = await db.Demands.SingleAsync(d => d.Id == demand.Id);
                tracked.StartReview(TestUser.Reviewer1.User);
                // Another reviewer's change commits while this one holds no lock.
                await App.ServiceAs<DemandService>(TestUser.Reviewer2).StartReviewAsync(demand.Reference.Value, demand.Version);
                return tracked;
            },
            write: async (db, tracked) =>
            {
                await Writer.Audit.AppendAsync(db, TestUser.Reviewer1.User, AuditActions.ReviewStarted, demand.Reference.Value);
                return tracked;
            }));

        var (stored, chain) = await StoredAsync(demand);
        Assert.Equal(TestUser.Reviewer2.User.Id, stored.AssignedReviewerId);
        Assert.Equal(demand.Version + 1, stored.Version);
        Assert.Single(chain, e => e.Action == AuditActions.ReviewStarted && e.DemandReference == demand.Reference.Value);
        Assert.True(AuditChainVerifier.Verify(chain, AuditTestKit.Keys(App)).IsValid);
    }

    [Fact]
    public async Task AFaultAfterTheChangeAndItsEntryAreStagedStoresNeither()
    {
        var demand = await RegisteredAsync();
        var before = await AuditTestKit.ChainAsync(App);

        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() => Writer.WriteAsync(async db =>
        {
            var tracked = await db.Demands.SingleAsync(d => d.Id == demand.Id);
            tracked.StartReview(TestUser.Reviewer1.User);
            await Writer.Audit.AppendAsync(db, TestUser.Reviewer1.User, AuditActions.ReviewStarted, demand.Reference.Value);
            throw new InvalidOperationException("injected fault");
        }));

        Assert.Equal("injected fault", fault.Message);
        var (stored, chain) = await StoredAsync(demand);
        Assert.Equal(DemandStatus.Received, stored.Status);
        Assert.Equal(demand.Version, stored.Version);
        Assert.Equal(before.Select(e => e.Hash), chain.Select(e => e.Hash));
    }

    [Fact]
    public async Task AFaultAfterBothAreWrittenButBeforeCommitStoresNeither()
    {
        var demand = await RegisteredAsync();
        var before = await AuditTestKit.ChainAsync(App);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Writer.WriteAsync(async db =>
        {
            var tracked = await db.Demands.SingleAsync(d => d.Id == demand.Id);
            tracked.StartReview(TestUser.Reviewer1.User);
            await Writer.Audit.AppendAsync(db, TestUser.Reviewer1.User, AuditActions.ReviewStarted, demand.Reference.Value);
            await db.SaveChangesAsync(); // both rows are now in the open transaction
            Assert.Equal(before.Count + 1, await db.AuditEntries.CountAsync());
            throw new InvalidOperationException("injected fault before commit");
        }));

        var (stored, chain) = await StoredAsync(demand);
        Assert.Equal(DemandStatus.Received, stored.Status);
        Assert.Equal(before.Count, chain.Count);
        Assert.DoesNotContain(chain, e => e.Action == AuditActions.ReviewStarted);

        // The next write continues the chain from the last committed entry: no gap where the rolled-back entry was.
        await App.ServiceAs<DemandService>(TestUser.Reviewer1).StartReviewAsync(demand.Reference.Value, demand.Version);
        var after = await AuditTestKit.ChainAsync(App);
        Assert.Equal(before.Count + 1, after[^1].Sequence);
        Assert.True(AuditChainVerifier.Verify(after, AuditTestKit.Keys(App)).IsValid);
    }

    [Fact]
    public async Task ParallelWritersKeepTheSequenceContiguousAndTheChainValid()
    {
        const int writers = 8, each = 25;
        var before = (await AuditTestKit.ChainAsync(App)).Count;
        using var start = new ManualResetEventSlim(false);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            start.Wait();
            var user = new ComplianceReview.Domain.Common.UserRef($"writer-{w}", $"Writer {w}");
            for (var i = 0; i < each; i++) await Writer.RecordAsync(user, AuditActions.DemandViewed, null, new Dictionary<string, string?> { ["i"] = $"{i}" });
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var chain = await AuditTestKit.ChainAsync(App);
        Assert.Equal(before + writers * each, chain.Count);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(e => e.Sequence));
        Assert.All(Enumerable.Range(0, writers), w => Assert.Equal(each, chain.Count(e => e.ActorId == $"writer-{w}")));
        // Each writer's entries keep the order it awaited them in.
        Assert.All(Enumerable.Range(0, writers), w => Assert.Equal(
            Enumerable.Range(0, each).Select(i => $"{{\"i\":\"{i}\"}}"),
            chain.Where(e => e.ActorId == $"writer-{w}").Select(e => e.DetailsJson)));
        var verification = await App.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(chain.Count, verification.EntriesChecked);
    }

    [Fact]
    public async Task ARecordWithoutAnActionIsRefusedAtOnceAndTheNextOneIsNotHeldUp()
    {
        var before = (await AuditTestKit.ChainAsync(App)).Count;

        await Assert.ThrowsAsync<ArgumentException>(() => Writer.RecordAsync(TestUser.Auditor.User, " ", null));
        await Writer.RecordAsync(TestUser.Auditor.User, AuditActions.DemandViewed, null);

        var chain = await AuditTestKit.ChainAsync(App);
        Assert.Equal(before + 1, chain.Count);
        Assert.Equal(AuditActions.DemandViewed, chain[^1].Action);
    }

    [Fact]
    public async Task ACancelledRecordStoresNothing()
    {
        var before = (await AuditTestKit.ChainAsync(App)).Count;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Writer.RecordAsync(TestUser.Auditor.User, AuditActions.DemandViewed, null, null, cancelled.Token));

        Assert.Equal(before, (await AuditTestKit.ChainAsync(App)).Count);
    }
}
