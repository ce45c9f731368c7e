using System.Security.Cryptography;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>Audit keys for tests, made at random for the test run (never committed): configuration and the ring it gives.</summary>
public static class TestAuditKeys
{
    public const string KeyId = "test-1";

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    public static AuditKey Key { get; } = AuditKey.Create(KeyId, Secret);

    public static AuditKeyRing Ring { get; } = new([Key]);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AuditKey, byte[]> Secrets = [];

    /// <summary>A key of its own for tests that need a second one (a rotation, an attacker's guess).</summary>
    public static AuditKey NewKey(string id)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var key = AuditKey.Create(id, secret);
        Secrets.Add(key, secret);
        return key;
    }

    /// <summary>The configuration value (base64) of a key made by <see cref="NewKey"/>.</summary>
    public static string SecretOf(AuditKey key) =>
        Secrets.TryGetValue(key, out var secret) ? Convert.ToBase64String(secret) : throw new ArgumentException("Not a key made by NewKey.", nameof(key));

    /// <summary>Configuration for <see cref="Key"/> as the only key.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["Audit:Keys:0:Id"] = KeyId,
        ["Audit:Keys:0:Secret"] = Convert.ToBase64String(Secret),
    };
}
