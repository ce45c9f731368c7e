using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceReview.Domain.Audit;

/// <summary>
/// A signed statement that the chain's head was <see cref="Sequence"/> with <see cref="HeadHash"/> at
/// <see cref="WrittenAt"/>. Written regularly to a digest store outside the database (append-only), so cutting the chain
/// back, or rebuilding it, is seen later without anyone having kept a digest: the chain must still reach the newest
/// checkpoint and hold each checkpoint's hash at its sequence. The MAC (<see cref="CanonicalForm"/>) is under an
/// <see cref="AuditKey"/>, so a checkpoint cannot be made or changed by someone who can only write the store.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string HeadHash, DateTimeOffset WrittenAt, string KeyId, string Mac)
{
    public const string CanonicalFormVersion = "ComplianceReview.AuditCheckpoint/1";

    private static readonly JsonSerializerOptions FileJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public AuditHead Head => new(Sequence, HeadHash);

    public static AuditCheckpoint Create(AuditHead head, DateTimeOffset writtenAt, AuditKey key)
    {
        var utc = writtenAt.ToUniversalTime();
        var at = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return new AuditCheckpoint(head.Sequence, head.Hash, at, key.Id, key.Mac(Encoding.UTF8.GetBytes(CanonicalForm(head.Sequence, head.Hash, at, key.Id))));
    }

    /// <summary>What the MAC covers: <c>["ComplianceReview.AuditCheckpoint/1", keyId, sequence, headHash, "yyyy-MM-ddTHH:mm:ss.fffZ"]</c>.</summary>
    public static string CanonicalForm(long sequence, string headHash, DateTimeOffset writtenAt, string keyId) => JsonSerializer.Serialize(new object?[]
    {
        CanonicalFormVersion, keyId, sequence, headHash, writtenAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    });

    /// <summary>True when the ring holds the checkpoint's key and the MAC is the checkpoint's under it.</summary>
    public bool IsAuthentic(AuditKeyRing keys) =>
        keys.Find(KeyId) is { } key
        && string.Equals(key.Mac(Encoding.UTF8.GetBytes(CanonicalForm(Sequence, HeadHash, WrittenAt, KeyId))), Mac, StringComparison.Ordinal);

    /// <summary>The checkpoint as the digest store keeps it (a small JSON document).</summary>
    public string ToJson() => JsonSerializer.Serialize(new FileForm(Sequence, HeadHash, WrittenAt, KeyId, Mac), FileJson);

    /// <summary>A checkpoint read back from the store, or null for anything that is not one (its authenticity is a separate check).</summary>
    public static AuditCheckpoint? TryParse(string json)
    {
        try
        {
            var form = JsonSerializer.Deserialize<FileForm>(json, FileJson);
            if (form is not { Sequence: >= 0, HeadHash: { Length: 64 }, KeyId: { Length: > 0 }, Mac: { Length: 64 } }) return null;
            return new AuditCheckpoint(form.Sequence, form.HeadHash, form.WrittenAt.ToUniversalTime(), form.KeyId, form.Mac);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record FileForm(
        [property: JsonRequired] long Sequence,
        [property: JsonRequired] string HeadHash,
        [property: JsonRequired] DateTimeOffset WrittenAt,
        [property: JsonRequired] string KeyId,
        [property: JsonRequired] string Mac);
}
