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
