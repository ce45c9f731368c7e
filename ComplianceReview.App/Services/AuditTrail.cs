using System.Collections.Concurrent;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

/// <summary>Names of audited actions; stable strings, as they are part of the hashed entries.</summary>
public static class AuditActions
{
    public const string DemandRegistered = "DemandRegistered";
    public const string ReviewStarted = "ReviewStarted";
    public const string DemandApproved = "DemandApproved";
    public const string DemandApprovedPartially = "DemandApprovedPartially";
    public const string DemandRejected = "DemandRejected";
    public const string DemandPreserved = "DemandPreserved";
    public const string PreservationExtended = "PreservationExtended";
    public const string PreservationReleased = "PreservationReleased";
    public const string SnapshotTaken = "SnapshotTaken";
    public const string PackageGenerated = "PackageGenerated";
    public const string SignedOff = "SignedOff";
    public const string SentBack = "SentBack";
    public const string DemandViewed = "DemandViewed";
    public const string PackageViewed = "PackageViewed";
    public const string PackageDownloaded = "PackageDownloaded";
    public const string OrderDocumentDownloaded = "OrderDocumentDownloaded";
    public const string SignedIn = "SignedIn";
    public const string SignedOut = "SignedOut";
    public const string SessionsEnded = "SessionsEnded";
    public const string AccessDenied = "AccessDenied";
    public const string ChainVerified = "ChainVerified";
    public const string AuditExported = "AuditExported";
    public const string CaseRecordExported = "CaseRecordExported";
    public const string DemandAssigned = "DemandAssigned";
    public const string DemandTakenOver = "DemandTakenOver";

    /// <summary>The first entry under a new signing key; recorded by the trail itself (<see cref="AuditTrail.SystemActor"/>).</summary>
    public const string AuditKeyRotated = AuditEntry.KeyRotatedAction;
}

/// <summary>
/// Appends chained entries, each authenticated with the ring's signing key. <see cref="AppendAsync"/> stages an entry in
/// the caller's unit of work, so it commits (or not) with the change it records; the caller holds the write lock (see
/// <see cref="ComplianceWriter"/>). When the signing key is not the one of the chain's last entry (the configuration
/// rotated it), an <see cref="AuditActions.AuditKeyRotated"/> entry naming both keys goes first, in the same transaction.
/// </summary>
public sealed class AuditTrail(TimeProvider time, AuditKeyRing keys)
{
    /// <summary>The actor of entries the trail writes about itself (key rotations).</summary>
    public static readonly UserRef SystemActor = new("system", "ComplianceReview");

    public AuditKeyRing Keys => keys;

    public Task<AuditEntry> AppendAsync(ComplianceDbContext db, UserRef actor, string action, string? demandReference,
        IReadOnlyDictionary<string, string?>? details = null, CancellationToken cancellationToken = default) =>
        AppendAsync(db, actor, action, demandReference, details, time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// An entry dated <paramref name="occurredAt"/> rather than now: for the demo seeder, whose history happened over past
    /// months. Never in the future; everything the app records as it happens goes through the overload without a date.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(ComplianceDbContext db, UserRef actor, string action, string? demandReference,
        IReadOnlyDictionary<string, string?>? details, DateTimeOffset occurredAt, CancellationToken cancellationToken = default)
    {
        if (occurredAt > time.GetUtcNow()) throw new ArgumentOutOfRangeException(nameof(occurredAt), occurredAt, "An audit entry cannot be dated in the future.");
        var previous = db.AuditEntries.Local.MaxBy(e => e.Sequence)
            ?? await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        var now = occurredAt;
        var key = keys.Signing;
        if (previous is not null && !string.Equals(previous.KeyId, key.Id, StringComparison.Ordinal))
        {
            // A key signs one stretch of the chain only (the verifier refuses a return): going back to one is a mistake in
            // the configuration, refused loudly rather than written into the trail. Asked once, at the rotation.
            if (await db.AuditEntries.AnyAsync(e => e.KeyId == key.Id, cancellationToken))
                throw new InvalidOperationException($"Audit:SigningKeyId '{key.Id}' signed an earlier part of the trail and was rotated away from; " +
                    "a key is never used again after a rotation. Configure a new key.");
            previous = AuditEntry.Append(previous, key, now, SystemActor.Id, SystemActor.Name, AuditActions.AuditKeyRotated, null,
                AuditEntry.KeyRotationDetails(previous.KeyId, key.Id));
            db.AuditEntries.Add(previous);
        }
        var entry = AuditEntry.Append(previous, key, now, actor.Id, actor.Name, action, demandReference, details);
        db.AuditEntries.Add(entry);
        return entry;
    }
}

/// <summary>
/// One write = one transaction that holds the write lock from its first statement: the change and its audit entry
/// commit together or not at all, and audit sequence numbers stay contiguous under concurrent users.
/// <para>
/// Entries that record something without changing anything else (<see cref="RecordAsync"/>: views, downloads, sign-ins)
/// are group-committed: a caller that finds no commit of records running commits its own entry together with every
/// entry waiting at that moment, so many users share one durable commit (one fsync under <c>synchronous=FULL</c>)
/// instead of queueing for one each, and a lone caller commits straight away, on its own thread. Each call completes
/// only once its own entry is durable.
/// </para>
/// </summary>
public sealed class ComplianceWriter(IDbContextFactory<ComplianceDbContext> contexts, AuditTrail audit, Audit.AuditCheckpoints checkpoints)
{
    /// <summary>Entries per group commit at most.</summary>
    public const int MaxRecordsPerCommit = 256;

    private readonly ConcurrentQueue<PendingRecord> _waiting = new();
    private readonly SemaphoreSlim _committing = new(1, 1);
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

    /// <summary>Commits audit records only: not a change <see cref="Changes"/> counts.</summary>
    private Task CommitAsync(Func<ComplianceDbContext, Task> work) =>
        CommitAsync(NothingToPrepare, async (db, _) => { await work(db); return true; }, CancellationToken.None);

    /// <summary>
    /// Records something that changes nothing else (a view, a download, a sign-in). Completes when the entry is
    /// committed. The token is honoured until the entry is queued for its commit; from then on the entry is written.
    /// </summary>
    public async Task RecordAsync(UserRef actor, string action, string? demandReference, IReadOnlyDictionary<string, string?>? details = null,
        CancellationToken cancellationToken = default)
    {
        AuditEntry.RequireValidAction(action);
        cancellationToken.ThrowIfCancellationRequested();
        var record = new PendingRecord(actor, action, demandReference, details);
        _waiting.Enqueue(record);
        await CommitWaitingIfNoneRunningAsync();
        await record.Completion.Task;
    }

    /// <summary>
    /// Takes the commit turn if it is free and commits what waits. Whoever gives the turn back looks at the queue again,
    /// so an entry queued while a commit ran is never left behind: its caller either got the turn or the holder sees it.
    /// </summary>
    private async Task CommitWaitingIfNoneRunningAsync()
    {
        while (!_waiting.IsEmpty && _committing.Wait(0))
        {
            try
            {
                await CommitWaitingAsync();
            }
            finally
            {
                _committing.Release();
            }
        }
    }

    /// <summary>Commits every waiting entry (up to <see cref="MaxRecordsPerCommit"/> a transaction) while holding the commit turn.</summary>
    private async Task CommitWaitingAsync()
    {
        var batch = new List<PendingRecord>();
        while (!_waiting.IsEmpty)
        {
            batch.Clear();
            while (batch.Count < MaxRecordsPerCommit && _waiting.TryDequeue(out var next)) batch.Add(next);
            if (batch.Count == 0) return;
            try
            {
                await CommitAsync(async db =>
                {
                    foreach (var record in batch) await audit.AppendAsync(db, record.Actor, record.Action, record.DemandReference, record.Details);
                });
                foreach (var record in batch) record.Completion.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Nothing of the batch was committed: each entry again in its own transaction, so a failure is only its own.
                foreach (var record in batch) await CommitAloneAsync(record);
            }
            catch (Exception e)
            {
                batch[0].Completion.TrySetException(e);
            }
        }
    }

    private async Task CommitAloneAsync(PendingRecord record)
    {
        try
        {
            await CommitAsync(db => audit.AppendAsync(db, record.Actor, record.Action, record.DemandReference, record.Details));
            record.Completion.TrySetResult();
        }
        catch (Exception e)
        {
            record.Completion.TrySetException(e);
        }
    }

    private sealed record PendingRecord(UserRef Actor, string Action, string? DemandReference, IReadOnlyDictionary<string, string?>? Details)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
