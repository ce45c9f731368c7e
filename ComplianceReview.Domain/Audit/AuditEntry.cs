using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ComplianceReview.Domain.Audit;

/// <summary>
/// One append-only, chained and keyed record of something that happened.
/// <c>Hash = HMAC-SHA256(key, canonical form)</c>, where the canonical form holds every stored field, the previous entry's
/// hash and the key's id (<see cref="CanonicalForm"/>). Changing, removing, inserting or reordering any entry breaks the
/// chain, and without the key, which the database does not hold, nobody can compute the hashes again after doing so.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActionLength = 64;
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The action of the entry that starts a new key's part of the chain (details: <c>previousKeyId</c>, <c>keyId</c>).</summary>
    public const string KeyRotatedAction = "AuditKeyRotated";

    /// <summary>The first element of the canonical form: names this definition, so a later one cannot be mistaken for it.</summary>
    public const string CanonicalFormVersion = "ComplianceReview.AuditEntry/2";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private AuditEntry()
    {
        KeyId = "";
        ActorId = "";
        ActorName = "";
        Action = "";
        DetailsJson = "{}";
        PreviousHash = GenesisHash;
        Hash = GenesisHash;
    }

    public long Sequence { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public string Action { get; private set; }
    public string? DemandReference { get; private set; }
    public string DetailsJson { get; private set; }
    public string PreviousHash { get; private set; }

    /// <summary>The id of the <see cref="AuditKey"/> that authenticated this entry.</summary>
    public string KeyId { get; private set; }

    public string Hash { get; private set; }

    /// <summary>Creates the entry that follows <paramref name="previous"/> (null for the first entry of the chain), authenticated with <paramref name="key"/>.</summary>
    public static AuditEntry Append(AuditEntry? previous, AuditKey key, DateTimeOffset occurredAt, string actorId, string actorName, string action,
        string? demandReference, IReadOnlyDictionary<string, string?>? details)
    {
        ArgumentNullException.ThrowIfNull(key);
        RequireValidAction(action);
        var utc = occurredAt.ToUniversalTime();
        var entry = new AuditEntry
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            OccurredAt = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            DemandReference = demandReference,
            DetailsJson = CanonicalJson(details),
            PreviousHash = previous?.Hash ?? GenesisHash,
            KeyId = key.Id,
        };
        entry.Hash = entry.ComputeHash(key);
        return entry;
    }

    /// <summary>Throws unless <paramref name="action"/> is a short, non-blank name.</summary>
    public static void RequireValidAction(string action)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > MaxActionLength) throw new ArgumentException("An audit action is a short name.", nameof(action));
    }

    /// <summary>Details as canonical JSON: keys in ordinal order, no insignificant white space.</summary>
    public static string CanonicalJson(IReadOnlyDictionary<string, string?>? details)
    {
        var sorted = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in details ?? new Dictionary<string, string?>()) sorted[key] = value;
        return JsonSerializer.Serialize(sorted);
    }

    /// <summary>
    /// Rebuilds an entry as it was stored, for verification: nothing is recomputed, so a stored entry that was
    /// altered keeps its stale hash and fails the check.
    /// </summary>
    public static AuditEntry FromStored(long sequence, DateTimeOffset occurredAt, string actorId, string actorName, string action,
        string? demandReference, string detailsJson, string previousHash, string keyId, string hash) => new()
        {
            Sequence = sequence,
            OccurredAt = occurredAt,
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            DemandReference = demandReference,
            DetailsJson = detailsJson,
            PreviousHash = previousHash,
            KeyId = keyId,
            Hash = hash,
        };

    /// <summary>
    /// The one definition of what an entry's hash covers: a JSON array (System.Text.Json's default escaping) of
    /// <c>["ComplianceReview.AuditEntry/2", keyId, sequence, "yyyy-MM-ddTHH:mm:ss.fffZ", actorId, actorName, action,
    /// demandReference or null, detailsJson, previousHash]</c>. Every stored field but the hash itself is in it.
    /// </summary>
    public string CanonicalForm() => Encoding.UTF8.GetString(CanonicalBytes.Write(this));

    /// <summary>HMAC-SHA256 under <paramref name="key"/> of the UTF-8 canonical form, as lower-case hex.</summary>
    public string ComputeHash(AuditKey key) => key.Mac(CanonicalBytes.Write(this));

    /// <summary>True when the ring holds the entry's key and the stored <see cref="Hash"/> is the entry's hash under it.</summary>
    public bool HasValidHash(AuditKeyRing keys)
    {
        if (keys.Find(KeyId) is not { } key) return false;
        Span<byte> mac = stackalloc byte[32];
        key.Mac(CanonicalBytes.Write(this), mac);
        Span<char> hex = stackalloc char[64];
        Convert.TryToHexStringLower(mac, hex, out _);
        return Hash.AsSpan().SequenceEqual(hex);
    }

    /// <summary>
    /// Writes <see cref="CanonicalForm"/>'s JSON array as UTF-8. One reused buffer and writer per thread: verifying a
    /// million entries then allocates next to nothing; the bytes are the ones <see cref="CanonicalForm"/> returns.
    /// </summary>
    private static class CanonicalBytes
    {
        [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
        [ThreadStatic] private static Utf8JsonWriter? t_json;

        /// <summary>The entry's canonical bytes, valid until this thread writes the next entry's.</summary>
        public static ReadOnlySpan<byte> Write(AuditEntry entry)
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
            buffer.ResetWrittenCount();
            var json = t_json ??= new Utf8JsonWriter(buffer);
            json.Reset(buffer);

            json.WriteStartArray();
            json.WriteStringValue(CanonicalFormVersion);
            json.WriteStringValue(entry.KeyId);
            json.WriteNumberValue(entry.Sequence);
            Span<char> time = stackalloc char[24];
            entry.OccurredAt.UtcDateTime.TryFormat(time, out var length, TimeFormat, CultureInfo.InvariantCulture);
            json.WriteStringValue(time[..length]);
            json.WriteStringValue(entry.ActorId);
            json.WriteStringValue(entry.ActorName);
            json.WriteStringValue(entry.Action);
            if (entry.DemandReference is null) json.WriteNullValue();
            else json.WriteStringValue(entry.DemandReference);
            json.WriteStringValue(entry.DetailsJson);
            json.WriteStringValue(entry.PreviousHash);
            json.WriteEndArray();
            json.Flush();
            return buffer.WrittenSpan;
        }
    }

    /// <summary>The <c>previousKeyId</c> a key-rotation entry names, or null when this entry is not one (or names none).</summary>
    public string? RotatedFromKeyId()
    {
        if (!string.Equals(Action, KeyRotatedAction, StringComparison.Ordinal)) return null;
        try
        {
            var details = JsonSerializer.Deserialize<Dictionary<string, string?>>(DetailsJson);
            return details?.GetValueOrDefault("keyId") == KeyId ? details.GetValueOrDefault("previousKeyId") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The details of the entry that records a rotation from <paramref name="previousKeyId"/> to <paramref name="keyId"/>.</summary>
    public static IReadOnlyDictionary<string, string?> KeyRotationDetails(string previousKeyId, string keyId) =>
        new Dictionary<string, string?> { ["previousKeyId"] = previousKeyId, ["keyId"] = keyId };
}

/// <summary>The chain's head: the last sequence number and its hash, printed on exports and written into checkpoints.</summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public static readonly AuditHead Empty = new(0, AuditEntry.GenesisHash);

    public override string ToString() => $"{Sequence}:{Hash}";
}

public sealed record ChainVerification(bool IsValid, long EntriesChecked, long? FirstBadSequence, string? Problem, AuditHead Head)
{
    /// <summary>Checkpoints from the digest store that were checked against the chain (and agreed, when valid).</summary>
    public int CheckpointsChecked { get; init; }

    public static ChainVerification Valid(long count, AuditHead head) => new(true, count, null, null, head);
}

/// <summary>
/// Recomputes a chain entry by entry and names the first entry that does not fit: a gap or a step back in the sequence,
/// a broken link, a hash that is not the entry's under its key, a key the ring does not hold, or a change of key that is
/// not a recorded rotation (or returns to a key already rotated away from).
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly AuditKeyRing _keys;
    private readonly HashSet<string> _retiredKeys = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, string KeyId)> _keySpans = [];
    private long _previousSequence;
    private string _previousHash;
    private string? _previousKeyId;
    private long _count;

    /// <summary>
    /// A verifier for a whole chain, or (given <paramref name="after"/> and the key id of that entry) for the part of one
    /// that follows it.
    /// </summary>
    public AuditChainVerifier(AuditKeyRing keys, AuditHead? after = null, string? afterKeyId = null)
    {
        _keys = keys;
        _previousSequence = after?.Sequence ?? 0;
        _previousHash = after?.Hash ?? AuditEntry.GenesisHash;
        _previousKeyId = afterKeyId;
    }

    public ChainVerification? Failure { get; private set; }

    public AuditHead Head => new(_previousSequence, _previousHash);

    /// <summary>Entries accepted so far.</summary>
    public long Count => _count;

    /// <summary>Where each key's part of the chain starts (in chain order), for checks across parts verified separately.</summary>
    public IReadOnlyList<(long Sequence, string KeyId)> KeySpans => _keySpans;

    /// <summary>Checks the next entry; returns false once the chain is broken (later entries are not checked).</summary>
    public bool Add(AuditEntry entry)
    {
        if (Failure is not null) return false;
        var problem = Check(entry);
        if (problem is not null)
        {
            Failure = new(false, _count, Math.Min(_previousSequence + 1, entry.Sequence), problem, Head);
            return false;
        }
        if (!string.Equals(_previousKeyId, entry.KeyId, StringComparison.Ordinal))
        {
            if (_previousKeyId is not null) _retiredKeys.Add(_previousKeyId);
            _keySpans.Add((entry.Sequence, entry.KeyId));
        }
        _previousSequence = entry.Sequence;
        _previousHash = entry.Hash;
        _previousKeyId = entry.KeyId;
        _count++;
        return true;
    }

    private string? Check(AuditEntry entry)
    {
        var expectedSequence = _previousSequence + 1;
        if (entry.Sequence != expectedSequence)
            return entry.Sequence > expectedSequence
                ? $"Entry {expectedSequence} is missing (the next stored entry is {entry.Sequence})."
                : $"Entry {entry.Sequence} is out of order (expected {expectedSequence}).";
        if (!string.Equals(entry.PreviousHash, _previousHash, StringComparison.Ordinal))
            return $"Entry {entry.Sequence} does not link to the entry before it.";
        if (_keys.Find(entry.KeyId) is null)
            return $"Entry {entry.Sequence} is authenticated with the key '{entry.KeyId}', which this instance does not hold.";
        if (_previousKeyId is not null && !string.Equals(_previousKeyId, entry.KeyId, StringComparison.Ordinal))
        {
            if (_retiredKeys.Contains(entry.KeyId))
                return $"Entry {entry.Sequence} is authenticated with the key '{entry.KeyId}', which was rotated away from earlier.";
            if (!string.Equals(entry.RotatedFromKeyId(), _previousKeyId, StringComparison.Ordinal))
                return $"Entry {entry.Sequence} changes the key from '{_previousKeyId}' to '{entry.KeyId}' without recording the rotation.";
        }
        if (!entry.HasValidHash(_keys))
            return $"Entry {entry.Sequence} was altered: its content no longer matches its hash.";
        return null;
    }

    /// <summary>The result; with <paramref name="expectedHead"/> (from an earlier export) a truncated chain is detected too.</summary>
    public ChainVerification Complete(AuditHead? expectedHead = null)
    {
        if (Failure is not null) return Failure;
        if (expectedHead is { Sequence: > 0 } && Head.Sequence < expectedHead.Sequence)
            return new(false, _count, Head.Sequence + 1, $"The chain ends at {Head.Sequence}, but an earlier export saw entry {expectedHead.Sequence}: entries were removed.", Head);
        return ChainVerification.Valid(_count, Head);
    }

    /// <summary>
    /// A key may sign one contiguous part of the chain only: given the parts' starts in chain order (several verifiers'
    /// <see cref="KeySpans"/> one after the other), the first entry that returns to an earlier key, or null.
    /// </summary>
    public static (long Sequence, string KeyId)? FirstReturnToARetiredKey(IEnumerable<(long Sequence, string KeyId)> spans)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var span in spans)
        {
            if (string.Equals(span.KeyId, current, StringComparison.Ordinal)) continue;
            if (!seen.Add(span.KeyId)) return span;
            current = span.KeyId;
        }
        return null;
    }

    public static ChainVerification Verify(IEnumerable<AuditEntry> entries, AuditKeyRing keys, AuditHead? expectedHead = null)
    {
        var verifier = new AuditChainVerifier(keys);
        string? hashSeenAtHead = null;
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry)) break;
            if (entry.Sequence == expectedHead?.Sequence) hashSeenAtHead = entry.Hash;
        }
        var result = verifier.Complete(expectedHead);
        if (!result.IsValid || expectedHead is not { Sequence: > 0 } head) return result;

        // A chain cut back and then grown again is as long as the export saw, so the sequence alone does not show the
        // cut: the entry at the exported head must still have the exported hash.
        if (hashSeenAtHead is not null && !string.Equals(hashSeenAtHead, head.Hash, StringComparison.Ordinal))
            return result with { IsValid = false, FirstBadSequence = head.Sequence, Problem = $"Entry {head.Sequence} differs from the one an earlier export saw." };
        return result;
    }
}
