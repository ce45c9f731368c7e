namespace ComplianceReview.App.Data;

/// <summary>A stored file (an order document), kept by its SHA-256 so the same bytes are stored once.</summary>
public sealed class StoredDocument
{
    public const int MaxContentTypeLength = 100;

    public required string Sha256 { get; init; }
    public required string ContentType { get; init; }
    public required byte[] Content { get; init; }
    public DateTimeOffset StoredAt { get; init; }
}

/// <summary>The customer data extracted for an approval, immutable once written; the package renders from it.</summary>
public sealed class DisclosureSnapshotRecord
{
    public Guid Id { get; init; }
    public Guid DemandId { get; init; }
    public Guid DecisionId { get; init; }
    public DateTimeOffset TakenAt { get; init; }
    public required string Sha256 { get; init; }
    public required string Json { get; init; }

    /// <summary>The snapshot of the demand's latest approval, as stored.</summary>
    public static DisclosureSnapshotRecord For(Domain.Demands.LegalDemand demand, Domain.CustomerData.DataSnapshot snapshot, DateTimeOffset takenAt) => new()
    {
        Id = Guid.NewGuid(),
        DemandId = demand.Id,
        DecisionId = demand.Decisions[^1].Id,
        TakenAt = takenAt,
        Sha256 = snapshot.ComputeSha256(),
        Json = snapshot.CanonicalJson(),
    };
}

/// <summary>The rendered disclosure package, kept byte for byte: what the legal lead signed is what is downloaded.</summary>
public sealed class DisclosurePackageRecord
{
    public Guid Id { get; init; }
    public Guid DemandId { get; init; }
    public Guid SnapshotId { get; init; }
    public required string Sha256 { get; init; }
    public required byte[] Content { get; init; }
    public required string CertifiedById { get; init; }
    public DateTimeOffset GeneratedAt { get; init; }
}
