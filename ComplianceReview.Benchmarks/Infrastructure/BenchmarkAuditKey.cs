using System.Security.Cryptography;
using System.Text;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.Benchmarks.Infrastructure;

/// <summary>
/// The audit key of the benchmark databases: fixed (derived from a name), so a cached database verifies in every later run.
/// Not a secret: it protects generated data only.
/// </summary>
public static class BenchmarkAuditKey
{
    public const string Id = "benchmark-1";

    private static readonly byte[] Bytes = SHA256.HashData(Encoding.UTF8.GetBytes("ComplianceReview.Benchmarks audit key"));

    public static AuditKey Key { get; } = AuditKey.Create(Id, Bytes);

    public static AuditKeyRing Ring { get; } = new([Key]);

    /// <summary>The app's configuration for this key.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Audit:Keys:0:Id", Id),
        new("Audit:Keys:0:Secret", Convert.ToBase64String(Bytes)),
    ];
}
