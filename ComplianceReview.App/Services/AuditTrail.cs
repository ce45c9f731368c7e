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
    public const string AccessDenied = "AccessDenied";
    public const string ChainVerified = "ChainVerified";
    public const string AuditExported = "AuditExported";
    public const string CaseRecordExported = "CaseRecordExported";
}

/// <summary>
/// Appends hash-chained entries. <see cref="AppendAsync"/> stages an entry in the caller's unit of work, so it commits
/// (or not) with the change it records; the caller holds the write lock (see <see cref="ComplianceWriter"/>).
/// </summary>
public sealed class AuditTrail(TimeProvider time)
{
    public async Task<AuditEntry> AppendAsync(ComplianceDbContext db, UserRef actor, string action, string? demandReference,
        IReadOnlyDictionary<string, string?>? details = null, CancellationToken cancellationToken = default)
    {
        var previous = db.AuditEntries.Local.MaxBy(e => e.Sequence)
            ?? await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        var entry = AuditEntry.Append(previous, time.GetUtcNow(), actor.Id, actor.Name, action, demandReference, details);
        db.AuditEntries.Add(entry);
        return entry;
    }
}

/// <summary>
/// One write = one transaction that holds the write lock from its first statement: the change and its audit entry
/// commit together or not at all, and audit sequence numbers stay contiguous under concurrent users.
/// </summary>
public sealed class ComplianceWriter(IDbContextFactory<ComplianceDbContext> contexts, AuditTrail audit)
{
    public AuditTrail Audit => audit;

    public async Task<T> WriteAsync<T>(Func<ComplianceDbContext, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var result = await work(db);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public Task WriteAsync(Func<ComplianceDbContext, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(async db => { await work(db); return true; }, cancellationToken);

    /// <summary>Records something that changes nothing else (a view, a download, a sign-in) in its own transaction.</summary>
    public Task RecordAsync(UserRef actor, string action, string? demandReference, IReadOnlyDictionary<string, string?>? details = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(db => audit.AppendAsync(db, actor, action, demandReference, details, cancellationToken), cancellationToken);
}
