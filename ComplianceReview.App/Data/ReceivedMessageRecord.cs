namespace ComplianceReview.App.Data;

/// <summary>
/// An e-mail message a reviewer took in (.eml), as evidence: its bytes and every attachment's are in the document store
/// unchanged under their SHA-256; this row says what was read from it and what the checks said of each attachment.
/// </summary>
public sealed class ReceivedMessageRecord
{
    public const int MaxSubjectLength = 500;

    public required string Sha256 { get; init; }
    public required string FileName { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required string ReceivedById { get; init; }
    public required string ReceivedByName { get; init; }
    public long SizeBytes { get; init; }
    public List<ReceivedAttachment> Attachments { get; init; } = [];
}

public sealed class ReceivedAttachment
{
    public const int MaxCheckLength = 600;

    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required string Sha256 { get; init; }
    public long SizeBytes { get; init; }

    /// <summary>What the hostile-document check said: "accepted", "accepted; active content: ...", or why it was refused.</summary>
    public required string Check { get; init; }
}
