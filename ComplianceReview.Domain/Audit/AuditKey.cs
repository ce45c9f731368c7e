using System.Security.Cryptography;

namespace ComplianceReview.Domain.Audit;

/// <summary>
/// A secret that authenticates audit entries and checkpoints (HMAC-SHA256). It comes from configuration or a vault, never
/// from the database: someone who can rewrite the audit table cannot compute an entry the verifier accepts.
/// </summary>
public sealed class AuditKey
{
    public const int MaxIdLength = 32;
    public const int MinSecretBytes = 32;

    private readonly byte[] _secret;

    private AuditKey(string id, byte[] secret)
    {
        Id = id;
        _secret = secret;
    }

    /// <summary>The key's name, stored with every entry it authenticates, so a rotated ring still verifies old entries.</summary>
    public string Id { get; }

    /// <summary>Refuses an id that is not a short name (letters, digits, <c>. - _</c>) and a secret shorter than 256 bits.</summary>
    public static AuditKey Create(string id, ReadOnlySpan<byte> secret)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new ArgumentException($"An audit key id is 1 to {MaxIdLength} letters, digits, '.', '-' or '_'.", nameof(id));
        if (secret.Length < MinSecretBytes)
            throw new ArgumentException($"The audit key '{id}' has {secret.Length} bytes; it needs at least {MinSecretBytes} (random, base64 in configuration).", nameof(secret));
        return new AuditKey(id, secret.ToArray());
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under this key, as lower-case hex.</summary>
    public string Mac(ReadOnlySpan<byte> data)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(data, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// HMAC-SHA256 of <paramref name="data"/> into <paramref name="destination"/>. Each thread keeps the keyed hash of the
    /// key it used last: for entries of a few hundred bytes, setting the key up again costs as much as the hashing.
    /// </summary>
    public void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (t_last?.Key != this) t_last = (this, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret));
        var hmac = t_last.Value.Hmac;
        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
    }

    [ThreadStatic] private static (AuditKey Key, IncrementalHash Hmac)? t_last;

    public override string ToString() => Id;
}

/// <summary>
/// The keys an instance holds: the one that signs new entries and checkpoints, and every earlier one, so entries and
/// checkpoints written before a rotation still verify. The database holds only key ids.
/// </summary>
public sealed class AuditKeyRing
{
    private readonly Dictionary<string, AuditKey> _keys;

    public AuditKeyRing(IEnumerable<AuditKey> keys, string? signingKeyId = null)
    {
        _keys = new Dictionary<string, AuditKey>(StringComparer.Ordinal);
        AuditKey? last = null;
        foreach (var key in keys)
        {
            if (!_keys.TryAdd(key.Id, key)) throw new ArgumentException($"The audit key id '{key.Id}' is given twice.", nameof(keys));
            last = key;
        }
        if (last is null) throw new ArgumentException("An audit key ring needs at least one key.", nameof(keys));
        Signing = signingKeyId is null ? last
            : _keys.GetValueOrDefault(signingKeyId) ?? throw new ArgumentException($"The signing key '{signingKeyId}' is not in the ring.", nameof(signingKeyId));
    }

    /// <summary>The key new entries and checkpoints are authenticated with (the last one given, unless named).</summary>
    public AuditKey Signing { get; }

    public AuditKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);
}
