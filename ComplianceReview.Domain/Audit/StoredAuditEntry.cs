namespace ComplianceReview.Domain.Audit;

/// <summary>
/// A stored audit entry as the UTF-8 bytes of its fields, straight from the database's row buffer: what chain
/// verification reads, so a million rows cost no string per field. Valid only while the row it points into is.
/// </summary>
public readonly ref struct StoredAuditEntry(
    long sequence,
    DateTimeOffset occurredAt,
    ReadOnlySpan<byte> actorId,
    ReadOnlySpan<byte> actorName,
    ReadOnlySpan<byte> action,
    bool demandReferenceIsNull,
    ReadOnlySpan<byte> demandReference,
    ReadOnlySpan<byte> detailsJson,
    ReadOnlySpan<byte> previousHash,
    ReadOnlySpan<byte> hash)
{
    public long Sequence { get; } = sequence;
    public DateTimeOffset OccurredAt { get; } = occurredAt;
    public ReadOnlySpan<byte> ActorId { get; } = actorId;
    public ReadOnlySpan<byte> ActorName { get; } = actorName;
    public ReadOnlySpan<byte> Action { get; } = action;
    public bool DemandReferenceIsNull { get; } = demandReferenceIsNull;
    public ReadOnlySpan<byte> DemandReference { get; } = demandReference;
    public ReadOnlySpan<byte> DetailsJson { get; } = detailsJson;
    public ReadOnlySpan<byte> PreviousHash { get; } = previousHash;
    public ReadOnlySpan<byte> Hash { get; } = hash;
}
