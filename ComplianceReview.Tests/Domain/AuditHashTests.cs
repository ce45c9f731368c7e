using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.Tests.Domain;

/// <summary>
/// The hash is written without temporary strings (for verifying millions of entries); every chain already stored was
/// hashed by the original string-based definition below, so the two must agree byte for byte on any content.
/// </summary>
public sealed class AuditHashTests
{
    private static readonly string[] Awkward =
    [
        "", " ", "\"", "\\", "/", "<script>alert(1)</script>", "a&b", "'; DROP TABLE AuditEntries; --", "+1", "`x`",
        "\u0000", "\u001f", "\u007f", "\u0085", "\u2028", "\u2029", "é", "Ünïcödé", "日本語", "😀", "👩‍⚖️", "\uFEFF",
        "{\"a\":null}", "line\nbreak\ttab\r", new string('x', 5000),
    ];

    [Fact]
    public void TheFastHashIsTheOriginalDefinitionOnGeneratedContent()
    {
        var random = new Random(2026);
        AuditEntry? previous = null;
        for (var i = 0; i < 20_000; i++)
        {
            var details = new Dictionary<string, string?>();
            for (var k = random.Next(4); k > 0; k--) details[Text(random)] = random.Next(5) == 0 ? null : Text(random);
            var at = new DateTimeOffset(random.NextInt64(DateTimeOffset.UnixEpoch.Ticks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks), TimeSpan.Zero);
            var entry = AuditEntry.Append(previous, at, Text(random), Text(random), "Action" + random.Next(100).ToString(CultureInfo.InvariantCulture),
                random.Next(3) == 0 ? null : Text(random), details);

            Assert.Equal(OriginalCanonicalForm(entry), entry.CanonicalForm());
            Assert.Equal(OriginalHash(entry), entry.Hash);
            Assert.True(entry.HasValidHash());
            Assert.True(AuditEntry.HasValidHash(Utf8(entry)));
            previous = entry;
        }
    }

    [Fact]
    public void AStoredEntryWithAnyFieldChangedFailsTheCheck()
    {
        var entry = AuditEntry.Append(null, DemandBuilder.Now, "oid-1", "Rene", "DemandViewed", "LD-2026-000001",
            new Dictionary<string, string?> { ["page"] = "demand" });
        AuditEntry Stored(long? sequence = null, DateTimeOffset? at = null, string? actorId = null, string? actorName = null,
            string? action = null, string? reference = "", string? details = null, string? previous = null, string? hash = null) =>
            AuditEntry.FromStored(sequence ?? entry.Sequence, at ?? entry.OccurredAt, actorId ?? entry.ActorId, actorName ?? entry.ActorName,
                action ?? entry.Action, reference == "" ? entry.DemandReference : reference, details ?? entry.DetailsJson,
                previous ?? entry.PreviousHash, hash ?? entry.Hash);

        Assert.True(Stored().HasValidHash());
        Assert.False(Stored(sequence: 2).HasValidHash());
        Assert.False(Stored(at: entry.OccurredAt.AddMilliseconds(1)).HasValidHash());
        Assert.False(Stored(actorId: "oid-2").HasValidHash());
        Assert.False(Stored(actorName: "René").HasValidHash());
        Assert.False(Stored(action: "DemandApproved").HasValidHash());
        Assert.False(Stored(reference: null).HasValidHash());
        Assert.False(Stored(details: "{}").HasValidHash());
        Assert.False(Stored(previous: new string('1', 64)).HasValidHash());
        Assert.False(Stored(hash: entry.Hash.ToUpperInvariant()).HasValidHash());
        Assert.False(Stored(hash: entry.Hash[..63]).HasValidHash());
        Assert.False(Stored(hash: "").HasValidHash());
    }

    [Fact]
    public void TheUtf8PathFindsEveryChangeTheStringPathFinds()
    {
        var random = new Random(7);
        AuditEntry? previous = null;
        for (var i = 0; i < 2_000; i++)
        {
            var entry = AuditEntry.Append(previous, DemandBuilder.Now.AddSeconds(i), Text(random), Text(random), "DemandViewed",
                random.Next(2) == 0 ? null : Text(random), new Dictionary<string, string?> { ["n"] = Text(random) });
            previous = entry;
            var field = random.Next(9);
            var changed = AuditEntry.FromStored(
                entry.Sequence + (field == 0 ? 1 : 0),
                entry.OccurredAt.AddMilliseconds(field == 1 ? 1 : 0),
                entry.ActorId + (field == 2 ? "x" : ""),
                field == 3 ? entry.ActorName + " " : entry.ActorName,
                field == 4 ? "DemandApproved" : entry.Action,
                field == 5 ? (entry.DemandReference is null ? "" : null) : entry.DemandReference,
                field == 6 ? entry.DetailsJson.Replace("\"n\"", "\"m\"", StringComparison.Ordinal) : entry.DetailsJson,
                field == 7 ? AuditEntry.GenesisHash : entry.PreviousHash,
                field == 8 ? entry.Hash[..^1] + (entry.Hash[^1] == '0' ? "1" : "0") : entry.Hash);

            Assert.True(AuditEntry.HasValidHash(Utf8(entry)));
            Assert.Equal(changed.HasValidHash(), AuditEntry.HasValidHash(Utf8(changed)));
            Assert.False(AuditEntry.HasValidHash(Utf8(changed)), $"field {field} changed, yet the hash still fits");
        }
    }

    [Fact]
    public void BytesThatAreNotUtf8NeverVerify()
    {
        var entry = AuditEntry.Append(null, DemandBuilder.Now, "oid-1", "Rene", "DemandViewed", null, null);
        var stored = Encoding.UTF8.GetBytes(entry.ActorName);
        byte[] broken = [.. stored, 0xC3];

        Assert.True(AuditEntry.HasValidHash(Utf8(entry)));
        Assert.False(AuditEntry.HasValidHash(new StoredAuditEntry(entry.Sequence, entry.OccurredAt, Encoding.UTF8.GetBytes(entry.ActorId), broken,
            Encoding.UTF8.GetBytes(entry.Action), true, default, Encoding.UTF8.GetBytes(entry.DetailsJson), Encoding.UTF8.GetBytes(entry.PreviousHash),
            Encoding.UTF8.GetBytes(entry.Hash))));
    }

    /// <summary>The entry as the verifier reads it from SQLite: each field's UTF-8 bytes.</summary>
    private static StoredAuditEntry Utf8(AuditEntry e) => new(e.Sequence, e.OccurredAt, Encoding.UTF8.GetBytes(e.ActorId),
        Encoding.UTF8.GetBytes(e.ActorName), Encoding.UTF8.GetBytes(e.Action), e.DemandReference is null,
        e.DemandReference is null ? default : Encoding.UTF8.GetBytes(e.DemandReference), Encoding.UTF8.GetBytes(e.DetailsJson),
        Encoding.UTF8.GetBytes(e.PreviousHash), Encoding.UTF8.GetBytes(e.Hash));

    private static string Text(Random random)
    {
        if (random.Next(3) == 0) return Awkward[random.Next(Awkward.Length)];
        var builder = new StringBuilder();
        for (var n = random.Next(40); n > 0; n--)
        {
            var c = (char)random.Next(random.Next(4) == 0 ? 0xD7FF : 0x250);
            builder.Append(c);
        }
        return builder.ToString();
    }

    // The definition every stored chain was hashed with (before the hash was written without temporary strings).
    private static string OriginalCanonicalForm(AuditEntry e) => JsonSerializer.Serialize(new object?[]
    {
        e.Sequence,
        e.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        e.ActorId,
        e.ActorName,
        e.Action,
        e.DemandReference,
        e.DetailsJson,
    });

    private static string OriginalHash(AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.PreviousHash + OriginalCanonicalForm(e))));
}
