using ComplianceReview.App.Data;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

/// <summary>Names of audited actions; stable strings, as they are part of the hashed entries.</summary>
public static class AuditActions
{
    public const string DemandRegistered = "DemandRegistered";

    /// <summary>A registration submitted again with the key of one already registered: nothing new was registered.</summary>
    public const string RegistrationRepeated = "RegistrationRepeated";
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
