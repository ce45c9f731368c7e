using ComplianceReview.App.Data;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

/// <summary>
/// One write = one transaction that holds the write lock from its first statement: the change and its audit entry
/// commit together or not at all, and audit sequence numbers stay contiguous under concurrent users.
/// </summary>
public sealed class ComplianceWriter(IDbContextFactory<ComplianceDbContext> contexts, AuditTrail audit, Audit.AuditCheckpoints checkpoints)
{
    private long _changes;

    public AuditTrail Audit => audit;

    /// <summary>
    /// How many changes (<see cref="WriteAsync{T}"/>, not records) this instance has committed: a cache of what the
    /// database holds is current while this number stays the same (changes made by another app instance aside).
    /// </summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Runs <paramref name="work"/> and its audit entries in one write transaction and commits it.</summary>
    public Task<T> WriteAsync<T>(Func<ComplianceDbContext, Task<T>> work, CancellationToken cancellationToken = default) =>
        WriteAsync(NothingToPrepare, (db, _) => work(db), cancellationToken);

    public Task WriteAsync(Func<ComplianceDbContext, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(async db => { await work(db); return true; }, cancellationToken);

    /// <summary>
    /// Reads and changes first, then takes the write lock only for what needs it: <paramref name="prepare"/> runs with no
    /// transaction open, so other writers go on meanwhile; <paramref name="write"/> runs in the write transaction (audit
    /// entries: the chain's head is read there), and everything is saved and committed together. The entities changed in
    /// <paramref name="prepare"/> must carry a concurrency token: a change made by another writer in between makes the
    /// save throw <see cref="DbUpdateConcurrencyException"/> and nothing is written.
    /// </summary>
    public async Task<T> WriteAsync<TPrepared, T>(Func<ComplianceDbContext, Task<TPrepared>> prepare,
        Func<ComplianceDbContext, TPrepared, Task<T>> write, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CommitAsync(prepare, write, cancellationToken);
        }
        finally
        {
            // Also after a failure: the commit may have reached the database before the error (a lost acknowledgement).
            Interlocked.Increment(ref _changes);
        }
    }

    private static readonly Func<ComplianceDbContext, Task<bool>> NothingToPrepare = _ => Task.FromResult(true);

    /// <summary>The one commit path: prepare with no transaction open, then write, save and commit in the write transaction.</summary>
    private async Task<T> CommitAsync<TPrepared, T>(Func<ComplianceDbContext, Task<TPrepared>> prepare,
        Func<ComplianceDbContext, TPrepared, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var prepared = await prepare(db);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var result = await write(db, prepared);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (db.AuditEntries.Local.MaxBy(e => e.Sequence) is { } head) await checkpoints.AfterCommitAsync(new AuditHead(head.Sequence, head.Hash));
        return result;
    }

    /// <summary>
    /// Records something that changes nothing else (a view, a download, a sign-in) in a transaction of its own, and
    /// completes when the entry is durable. One transaction per record meets the append goal (docs/benchmarks.md: over
    /// 2,000 durable appends a second from one caller against 1,000 wanted), so records are not batched.
    /// </summary>
    public Task RecordAsync(UserRef actor, string action, string? demandReference, IReadOnlyDictionary<string, string?>? details = null,
        CancellationToken cancellationToken = default)
    {
        AuditEntry.RequireValidAction(action);
        return CommitAsync(NothingToPrepare, async (db, _) =>
        {
            await audit.AppendAsync(db, actor, action, demandReference, details, cancellationToken);
            return true;
        }, cancellationToken);
    }
}
