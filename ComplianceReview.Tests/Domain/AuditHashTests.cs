using System.Text;
using System.Text.Json;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.Tests.Domain;

/// <summary>
/// The one definition of an entry's hash: HMAC-SHA256 under the entry's key of its canonical form, a JSON array of every
/// stored field. Pinned against values computed outside .NET (Python's hmac), so the definition cannot drift unnoticed,
/// and checked to cover every field and to keep field boundaries whatever the text.
/// </summary>
public sealed class AuditHashTests
{
    private static readonly AuditKey Pinned = AuditKey.Create("pinned-1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly AuditKeyRing PinnedRing = new([Pinned]);

    private static readonly string[] Awkward =
    [
        "", " ", "\"", "\\", "/", "<script>alert(1)</script>", "a&b", "'; DROP TABLE AuditEntries; --", "+1", "`x`",
        "\u0000", "\u001f", "\u007f", "\u0085", "\u2028", "\u2029", "é", "Ünïcödé", "日本語", "😀", "👩‍⚖️", "\uFEFF",
        "{\"a\":null}", "\",\"", "line\nbreak\ttab\r", new string('x', 5000),
    ];

    // HMAC-SHA256 with the key 0x01..0x20 of the canonical form below, computed with Python's hmac module.
    private const string PinnedCanonicalForm =
        """["ComplianceReview.AuditEntry/2","pinned-1",1,"2026-03-02T10:00:00.123Z","oid-1","Ren\u00E9","DemandViewed","LD-2026-000123","{\u0022a\u0022:null,\u0022b\u0022:\u00222\u0022}","0000000000000000000000000000000000000000000000000000000000000000"]""";
    private const string PinnedHash = "ddcadb3e714caf7eb5eb3e86322cf283fc7a4061f03acd542e66636390644102";

    [Fact]
    public void TheHashIsHmacSha256OfThePinnedCanonicalForm()
    {
        var entry = AuditEntry.Append(null, Pinned, new DateTimeOffset(2026, 3, 2, 12, 0, 0, 123, TimeSpan.FromHours(2)), "oid-1", "René",
            "DemandViewed", "LD-2026-000123", new Dictionary<string, string?> { ["b"] = "2", ["a"] = null });

        Assert.Equal(PinnedCanonicalForm, entry.CanonicalForm());
        Assert.Equal(PinnedHash, entry.Hash);
        Assert.Equal("pinned-1", entry.KeyId);
        Assert.True(entry.HasValidHash(PinnedRing));
    }

    [Fact]
    public void ACheckpointIsSignedOverItsPinnedCanonicalForm()
    {
        var checkpoint = AuditCheckpoint.Create(new AuditHead(40, string.Concat(Enumerable.Repeat("ab", 32))),
            new DateTimeOffset(2026, 3, 2, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567), Pinned);

        Assert.Equal("75f592b48d9de6034a659c011f498bf3144e6fbcff61cd410b691735f398be4c", checkpoint.Mac);
        Assert.True(checkpoint.IsAuthentic(PinnedRing));
        Assert.Equal(checkpoint, AuditCheckpoint.TryParse(checkpoint.ToJson()));
        Assert.False((checkpoint with { Sequence = 41 }).IsAuthentic(PinnedRing));
        Assert.False((checkpoint with { HeadHash = new string('c', 64) }).IsAuthentic(PinnedRing));
        Assert.False((checkpoint with { WrittenAt = checkpoint.WrittenAt.AddMilliseconds(1) }).IsAuthentic(PinnedRing));
        Assert.False(checkpoint.IsAuthentic(new AuditKeyRing([AuditKey.Create("pinned-1", new byte[32])])));
        Assert.Null(AuditCheckpoint.TryParse("{\"sequence\":1}"));
        Assert.Null(AuditCheckpoint.TryParse("not json"));
    }

    [Fact]
    public void EveryStoredFieldIsCovered()
    {
        var entry = AuditEntry.Append(null, Pinned, DemandBuilder.Now, "oid-1", "Rene", "DemandViewed", "LD-2026-000001",
            new Dictionary<string, string?> { ["page"] = "demand" });
        var other = AuditKey.Create("other-1", new byte[32]);
        AuditEntry Stored(long? sequence = null, DateTimeOffset? at = null, string? actorId = null, string? actorName = null, string? action = null,
            string? reference = "", string? details = null, string? previous = null, string? keyId = null, string? hash = null) =>
            AuditEntry.FromStored(sequence ?? entry.Sequence, at ?? entry.OccurredAt, actorId ?? entry.ActorId, actorName ?? entry.ActorName,
                action ?? entry.Action, reference == "" ? entry.DemandReference : reference, details ?? entry.DetailsJson,
                previous ?? entry.PreviousHash, keyId ?? entry.KeyId, hash ?? entry.Hash);

        Assert.True(Stored().HasValidHash(PinnedRing));
        Assert.False(Stored(sequence: 2).HasValidHash(PinnedRing));
        Assert.False(Stored(at: entry.OccurredAt.AddMilliseconds(1)).HasValidHash(PinnedRing));
        Assert.False(Stored(actorId: "oid-2").HasValidHash(PinnedRing));
        Assert.False(Stored(actorName: "René").HasValidHash(PinnedRing));
        Assert.False(Stored(action: "DemandApproved").HasValidHash(PinnedRing));
        Assert.False(Stored(reference: null).HasValidHash(PinnedRing));
        Assert.False(Stored(details: "{}").HasValidHash(PinnedRing));
        Assert.False(Stored(previous: new string('1', 64)).HasValidHash(PinnedRing));
        Assert.False(Stored(keyId: "other-1").HasValidHash(new AuditKeyRing([Pinned, other])));
        Assert.False(Stored(keyId: "unknown").HasValidHash(PinnedRing));
        Assert.False(Stored(hash: entry.Hash.ToUpperInvariant()).HasValidHash(PinnedRing));
        Assert.False(Stored(hash: "").HasValidHash(PinnedRing));
    }

    [Fact]
    public void WithoutTheKeyTheHashCannotBeRecomputed()
    {
        var entry = AuditEntry.Append(null, Pinned, DemandBuilder.Now, "oid-1", "Rene", "DemandViewed", null, null);
        var guessed = AuditKey.Create("pinned-1", Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());

        Assert.NotEqual(entry.Hash, entry.ComputeHash(guessed));
        Assert.NotEqual(entry.Hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(entry.CanonicalForm()))));
    }

    [Fact]
    public void TheCanonicalFormKeepsEveryFieldApartWhateverTheText()
    {
        var random = new Random(2026);
        AuditEntry? previous = null;
        for (var i = 0; i < 2_000; i++)
        {
            var details = new Dictionary<string, string?>();
            for (var k = random.Next(4); k > 0; k--) details[Text(random)] = random.Next(5) == 0 ? null : Text(random);
            var reference = random.Next(3) == 0 ? null : Text(random);
            var entry = AuditEntry.Append(previous, Pinned, DemandBuilder.Now.AddSeconds(i), Text(random), Text(random), "Action" + i % 100,
                reference, details);

            using var parsed = JsonDocument.Parse(entry.CanonicalForm());
            var fields = parsed.RootElement.EnumerateArray().ToList();
            Assert.Equal(10, fields.Count);
            Assert.Equal(entry.Sequence, fields[2].GetInt64());
            Assert.Equal(entry.ActorId, fields[4].GetString());
            Assert.Equal(entry.ActorName, fields[5].GetString());
            Assert.Equal(reference, fields[7].GetString());
            Assert.Equal(entry.DetailsJson, fields[8].GetString());
            Assert.Equal(entry.PreviousHash, fields[9].GetString());
            Assert.True(entry.HasValidHash(PinnedRing));
            previous = entry;
        }
    }

    [Theory]
    [InlineData("", 32)]
    [InlineData("has space", 32)]
    [InlineData("a-key-id-that-is-longer-than-thirty-two", 32)]
    [InlineData("short-secret", 31)]
    public void AKeyIsAShortIdAndAtLeast256Bits(string id, int secretBytes)
    {
        Assert.Throws<ArgumentException>(() => AuditKey.Create(id, new byte[secretBytes]));
    }

    private static string Text(Random random)
    {
        if (random.Next(3) == 0) return Awkward[random.Next(Awkward.Length)];
        var builder = new StringBuilder();
        for (var n = random.Next(40); n > 0; n--) builder.Append((char)random.Next(random.Next(4) == 0 ? 0xD7FF : 0x250));
        return builder.ToString();
    }
}
