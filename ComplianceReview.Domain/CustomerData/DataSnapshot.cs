using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.CustomerData;

/// <summary>The rows of one category for one identifier: column names are the category's fields, in order.</summary>
public sealed record CategoryRecords(DataCategory Category, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>What was found for one named identifier; <see cref="Found"/> is false when the account does not exist.</summary>
public sealed record IdentifierRecords(IdentifierKind Kind, string Identifier, bool Found, IReadOnlyList<CategoryRecords> Categories)
{
    public int RecordCount => Categories.Sum(c => c.Rows.Count);

    /// <summary>
    /// The demand's other identifiers of this same account (see <see cref="SameAccountMerge"/>): their records are these,
    /// shown once. Null (and absent from the JSON, so older snapshots keep their hash) when the account was named once.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? AlsoNamedAs { get; init; }
}

/// <summary>
/// The immutable extract of customer data for an approved scope, taken at approval. The package is rendered from it,
/// deterministically, and its SHA-256 (over <see cref="CanonicalJson"/>) is printed on the manifest.
/// </summary>
public sealed record DataSnapshot(
    string DemandReference,
    DateTimeOffset TakenAt,
    IReadOnlyList<DataCategory> Categories,
    DateTimeOffset? RangeFrom,
    DateTimeOffset? RangeTo,
    IReadOnlyList<IdentifierRecords> Identifiers)
{
    public int RecordCount => Identifiers.Sum(i => i.RecordCount);

    public int ContentRecordCount => Identifiers.Sum(i => i.Categories.Where(c => c.Category.Kind() == DataKind.Content).Sum(c => c.Rows.Count));

    public string CanonicalJson() => JsonSerializer.Serialize(this, SnapshotJson.Options);

    public string ComputeSha256() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson())));

    public static DataSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<DataSnapshot>(json, SnapshotJson.Options) ?? throw new InvalidOperationException("Empty snapshot.");
}

internal static class SnapshotJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
