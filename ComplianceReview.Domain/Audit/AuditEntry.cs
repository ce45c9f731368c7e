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
        if (string.IsNullOrWhiteSpace(action) || action.Length > MaxActionLength) throw new ArgumentException("An audit action is a short name.", nameof(action));
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

    /// <summary>Details as canonical JSON: keys in ordinal order, no insignificant white space.</summary>
    public static string CanonicalJson(IReadOnlyDictionary<string, string?>? details)
    {
        var sorted = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in details ?? new Dictionary<string, string?>()) sorted[key] = value;
        return JsonSerializer.Serialize(sorted);
    }

    /// <summary>The bytes that are hashed: every field but the hash itself, in a fixed order and format.</summary>
    public string CanonicalForm() => JsonSerializer.Serialize(new object?[]
    {
        Sequence,
        OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ActorId,
        ActorName,
        Action,
        DemandReference,
        DetailsJson,
    });

    public string ComputeHash()
    {
        var bytes = Encoding.UTF8.GetBytes(PreviousHash + CanonicalForm());
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
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
    private AuditEntry? _previous;
    private long _count;

    public ChainVerification? Failure { get; private set; }

    /// <summary>Checks the next entry; returns false once the chain is broken (later entries are not checked).</summary>
    public bool Add(AuditEntry entry)
    {
        if (Failure is not null) return false;
        var expectedSequence = (_previous?.Sequence ?? 0) + 1;
        var expectedPrevious = _previous?.Hash ?? AuditEntry.GenesisHash;
        string? problem = null;
        if (entry.Sequence != expectedSequence)
            problem = entry.Sequence > expectedSequence
                ? $"Entry {expectedSequence} is missing (the next stored entry is {entry.Sequence})."
                : $"Entry {entry.Sequence} is out of order (expected {expectedSequence}).";
        else if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            problem = $"Entry {entry.Sequence} does not link to the entry before it.";
        else if (!string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
            problem = $"Entry {entry.Sequence} was altered: its content no longer matches its hash.";

        if (problem is not null)
        {
            Failure = new(false, _count, Math.Min(expectedSequence, entry.Sequence), problem, Head);
            return false;
        }
        _previous = entry;
        _count++;
        return true;
    }

    public AuditHead Head => _previous is null ? AuditHead.Empty : new(_previous.Sequence, _previous.Hash);

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
