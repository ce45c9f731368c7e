using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ComplianceReview.Domain.Audit;

/// <summary>
/// One append-only, hash-chained record of something that happened.
/// <c>Hash = SHA-256(PreviousHash + canonical entry)</c>, so changing, removing or reordering any entry breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActionLength = 64;
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditEntry()
    {
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
    public string Hash { get; private set; }

    /// <summary>Creates the entry that follows <paramref name="previous"/> (null for the first entry of the chain).</summary>
    public static AuditEntry Append(AuditEntry? previous, DateTimeOffset occurredAt, string actorId, string actorName, string action,
        string? demandReference, IReadOnlyDictionary<string, string?>? details)
    {
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
        };
        entry.Hash = entry.ComputeHash();
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
        string? demandReference, string detailsJson, string previousHash, string hash) => new()
        {
            Sequence = sequence,
            OccurredAt = occurredAt,
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            DemandReference = demandReference,
            DetailsJson = detailsJson,
            PreviousHash = previousHash,
            Hash = hash,
        };

    /// <summary>
    /// The text that is hashed after the previous hash: every field but the hash itself, in a fixed order and format,
    /// as a JSON array (<c>[sequence,"occurred","actorId","actorName","action","reference"|null,"details"]</c>, the
    /// default JSON escaping).
    /// </summary>
    public string CanonicalForm()
    {
        var buffer = HashBuffer.Rent();
        WriteCanonicalForm(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public string ComputeHash()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        ComputeHash(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>True when the stored <see cref="Hash"/> is the hash of the entry's content (no string is built for it).</summary>
    public bool HasValidHash()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        ComputeHash(hash);
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(hash, hex, out _);
        return Hash.AsSpan().SequenceEqual(hex);
    }

    /// <summary>SHA-256 over UTF-8(<see cref="PreviousHash"/>) followed by UTF-8(<see cref="CanonicalForm"/>), written without temporary strings.</summary>
    private void ComputeHash(Span<byte> destination)
    {
        var buffer = HashBuffer.Rent();
        Encoding.UTF8.GetBytes(PreviousHash, buffer);
        WriteCanonicalForm(buffer);
        HashBuffer.Sha256(buffer.WrittenSpan, destination);
    }

    private void WriteCanonicalForm(ArrayBufferWriter<byte> buffer)
    {
        var writer = HashBuffer.Writer(buffer);
        writer.WriteStartArray();
        writer.WriteNumberValue(Sequence);
        WriteOccurredAt(writer, OccurredAt);
        writer.WriteStringValue(ActorId);
        writer.WriteStringValue(ActorName);
        writer.WriteStringValue(Action);
        if (DemandReference is null) writer.WriteNullValue();
        else writer.WriteStringValue(DemandReference);
        writer.WriteStringValue(DetailsJson);
        writer.WriteEndArray();
        writer.Flush();
    }

    /// <summary>
    /// True when a stored entry, given as the UTF-8 bytes its fields are stored as, hashes to its stored hash: the same
    /// definition as <see cref="ComputeHash()"/>, for verifying millions of rows without building a string per field.
    /// </summary>
    public static bool HasValidHash(in StoredAuditEntry entry)
    {
        var buffer = HashBuffer.Rent();
        buffer.Write(entry.PreviousHash);
        var writer = HashBuffer.Writer(buffer);
        try
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(entry.Sequence);
            WriteOccurredAt(writer, entry.OccurredAt);
            writer.WriteStringValue(entry.ActorId);
            writer.WriteStringValue(entry.ActorName);
            writer.WriteStringValue(entry.Action);
            if (entry.DemandReferenceIsNull) writer.WriteNullValue();
            else writer.WriteStringValue(entry.DemandReference);
            writer.WriteStringValue(entry.DetailsJson);
            writer.WriteEndArray();
            writer.Flush();
        }
        catch (ArgumentException)
        {
            // Not valid UTF-8: not text the app ever wrote, so not what was hashed.
            return false;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashBuffer.Sha256(buffer.WrittenSpan, hash);
        Span<byte> hex = stackalloc byte[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(hash, hex, out _);
        return entry.Hash.SequenceEqual(hex);
    }

    /// <summary>The instant as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC), written as digits rather than through a format string.</summary>
    private static void WriteOccurredAt(Utf8JsonWriter writer, DateTimeOffset occurredAt)
    {
        var utc = occurredAt.UtcDateTime;
        var (year, month, day) = utc;
        var time = utc.TimeOfDay;
        Span<byte> text = stackalloc byte[24];
        Digits(text[..4], year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), time.Hours);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), time.Minutes);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), time.Seconds);
        text[19] = (byte)'.';
        Digits(text.Slice(20, 3), time.Milliseconds);
        text[23] = (byte)'Z';
        writer.WriteStringValue(text);
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>One reusable buffer and JSON writer per thread: hashing a million entries allocates almost nothing.</summary>
    private static class HashBuffer
    {
        [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
        [ThreadStatic] private static Utf8JsonWriter? t_writer;
        [ThreadStatic] private static IncrementalHash? t_sha256;

        /// <summary>
        /// SHA-256 of <paramref name="data"/> with this thread's reused hash object: for inputs of a few hundred bytes the
        /// one-shot API's per-call set-up costs as much as the hashing.
        /// </summary>
        public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(data);
            sha256.GetHashAndReset(destination);
        }

        public static ArrayBufferWriter<byte> Rent()
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
            buffer.ResetWrittenCount();
            return buffer;
        }

        public static Utf8JsonWriter Writer(ArrayBufferWriter<byte> buffer)
        {
            if (t_writer is null) t_writer = new Utf8JsonWriter(buffer);
            else t_writer.Reset(buffer);
            return t_writer;
        }
    }
}

/// <summary>The chain's head: the last sequence number and its hash, printed on exports so a later truncation shows.</summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public static readonly AuditHead Empty = new(0, AuditEntry.GenesisHash);

    public override string ToString() => $"{Sequence}:{Hash}";
}

public sealed record ChainVerification(bool IsValid, long EntriesChecked, long? FirstBadSequence, string? Problem, AuditHead Head)
{
    public static ChainVerification Valid(long count, AuditHead head) => new(true, count, null, null, head);
}

/// <summary>Recomputes a chain entry by entry and names the first entry that does not fit.</summary>
public sealed class AuditChainVerifier
{
    private long _previousSequence;
    private byte[] _previousHash = new byte[AuditEntry.GenesisHash.Length];
    private int _previousHashLength;
    private long _count;

    /// <summary>A verifier for a whole chain, or (given <paramref name="after"/>) for the part of one that follows that entry.</summary>
    public AuditChainVerifier(AuditHead? after = null)
    {
        _previousSequence = after?.Sequence ?? 0;
        RememberHash(Encoding.UTF8.GetBytes(after?.Hash ?? AuditEntry.GenesisHash));
    }

    public ChainVerification? Failure { get; private set; }

    /// <summary>Checks the next entry; returns false once the chain is broken (later entries are not checked).</summary>
    public bool Add(AuditEntry entry)
    {
        var previousHash = Encoding.UTF8.GetBytes(entry.PreviousHash);
        var hash = Encoding.UTF8.GetBytes(entry.Hash);
        return Add(entry.Sequence, previousHash, hash, entry.HasValidHash);
    }

    /// <summary>Checks the next entry, given as its stored UTF-8 fields (no string is built unless it fails).</summary>
    public bool Add(in StoredAuditEntry entry)
    {
        if (Failure is not null) return false;
        var problem = Check(entry.Sequence, entry.PreviousHash) ?? (AuditEntry.HasValidHash(entry) ? null : Altered(entry.Sequence));
        return Accept(entry.Sequence, entry.Hash, problem);
    }

    private bool Add(long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> hash, Func<bool> hasValidHash)
    {
        if (Failure is not null) return false;
        var problem = Check(sequence, previousHash) ?? (hasValidHash() ? null : Altered(sequence));
        return Accept(sequence, hash, problem);
    }

    private string? Check(long sequence, ReadOnlySpan<byte> previousHash)
    {
        var expectedSequence = _previousSequence + 1;
        if (sequence != expectedSequence)
            return sequence > expectedSequence
                ? $"Entry {expectedSequence} is missing (the next stored entry is {sequence})."
                : $"Entry {sequence} is out of order (expected {expectedSequence}).";
        if (!previousHash.SequenceEqual(_previousHash.AsSpan(0, _previousHashLength)))
            return $"Entry {sequence} does not link to the entry before it.";
        return null;
    }

    private static string Altered(long sequence) => $"Entry {sequence} was altered: its content no longer matches its hash.";

    private bool Accept(long sequence, ReadOnlySpan<byte> hash, string? problem)
    {
        if (problem is not null)
        {
            Failure = new(false, _count, Math.Min(_previousSequence + 1, sequence), problem, Head);
            return false;
        }
        _previousSequence = sequence;
        RememberHash(hash);
        _count++;
        return true;
    }

    private void RememberHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length > _previousHash.Length) _previousHash = new byte[hash.Length];
        hash.CopyTo(_previousHash);
        _previousHashLength = hash.Length;
    }

    public AuditHead Head => new(_previousSequence, Encoding.UTF8.GetString(_previousHash, 0, _previousHashLength));

    /// <summary>Entries accepted so far.</summary>
    public long Count => _count;

    /// <summary>The result; with <paramref name="expectedHead"/> (from an earlier export) a truncated chain is detected too.</summary>
    public ChainVerification Complete(AuditHead? expectedHead = null)
    {
        if (Failure is not null) return Failure;
        if (expectedHead is not null && expectedHead.Sequence > 0)
        {
            if (Head.Sequence < expectedHead.Sequence)
                return new(false, _count, Head.Sequence + 1, $"The chain ends at {Head.Sequence}, but an earlier export saw entry {expectedHead.Sequence}: entries were removed.", Head);
        }
        return ChainVerification.Valid(_count, Head);
    }

    public static ChainVerification Verify(IEnumerable<AuditEntry> entries, AuditHead? expectedHead = null, Func<long, string?>? hashAt = null)
    {
        var verifier = new AuditChainVerifier();
        string? hashSeenAtHead = null;
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry)) break;
            if (entry.Sequence == expectedHead?.Sequence) hashSeenAtHead = entry.Hash;
        }
        var result = verifier.Complete(expectedHead);
        if (!result.IsValid || expectedHead is not { Sequence: > 0 } head) return result;

        // A chain cut back and then grown again (new entries keep arriving) is as long as the export saw, so the
        // sequence alone does not show the cut: the entry at the exported head must still have the exported hash.
        string?[] stored = [hashSeenAtHead, hashAt?.Invoke(head.Sequence)];
        if (stored.Any(hash => hash is not null && !string.Equals(hash, head.Hash, StringComparison.Ordinal)))
            return result with { IsValid = false, FirstBadSequence = head.Sequence, Problem = $"Entry {head.Sequence} differs from the one an earlier export saw." };
        return result;
    }
}
