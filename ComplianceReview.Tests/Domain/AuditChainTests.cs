using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Domain;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = DemandBuilder.Now;
    private static readonly AuditKey Key = TestAuditKeys.NewKey("chain-1");
    private static readonly AuditKeyRing Keys = new([Key]);

    [Fact]
    public void AppendLinksEachEntryToThePreviousOne()
    {
        var chain = Chain(5);

        Assert.Equal([1L, 2, 3, 4, 5], chain.Select(e => e.Sequence));
        Assert.Equal(AuditEntry.GenesisHash, chain[0].PreviousHash);
        for (var i = 1; i < chain.Count; i++) Assert.Equal(chain[i - 1].Hash, chain[i].PreviousHash);
        Assert.All(chain, e => Assert.Equal(e.ComputeHash(Key), e.Hash));
        Assert.All(chain, e => Assert.Equal(Key.Id, e.KeyId));
        Assert.All(chain, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Equal(chain.Count, chain.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public void AppendStoresUtcToTheMillisecondAndCanonicalDetails()
    {
        var local = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var entry = AuditEntry.Append(null, Key, local, "oid-1", "Rene", "demand.viewed", "LD-2026-000123",
            new Dictionary<string, string?> { ["b"] = "2", ["a"] = null, ["B"] = "é" });

        Assert.Equal(TimeSpan.Zero, entry.OccurredAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, 123, TimeSpan.Zero), entry.OccurredAt);
        Assert.Equal("{\"B\":\"\\u00E9\",\"a\":null,\"b\":\"2\"}", entry.DetailsJson);
        Assert.Equal("{}", AuditEntry.CanonicalJson(null));
    }

    [Fact]
    public void TheSameEventGivesTheSameHash()
    {
        Assert.Equal(Chain(3)[^1].Hash, Chain(3)[^1].Hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("an.action.name.that.is.much.longer.than.sixty.four.characters.allowed")]
    public void AppendRefusesAnActionThatIsNotAShortName(string action)
    {
        Assert.Throws<ArgumentException>(() => AuditEntry.Append(null, Key, Start, "oid-1", "Rene", action, null, null));
    }

    [Fact]
    public void AnIntactChainVerifies()
    {
        var chain = Chain(5);

        var result = AuditChainVerifier.Verify(chain, Keys, new AuditHead(5, chain[^1].Hash));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Null(result.FirstBadSequence);
        Assert.Null(result.Problem);
        Assert.Equal(new AuditHead(5, chain[^1].Hash), result.Head);
        Assert.Equal($"5:{chain[^1].Hash}", result.Head.ToString());
    }

    [Fact]
    public void AnEmptyChainVerifies()
    {
        var result = AuditChainVerifier.Verify([], Keys);

        Assert.True(result.IsValid);
        Assert.Equal(AuditHead.Empty, result.Head);
    }

    public static TheoryData<string, object> ChangedFields => new()
    {
        { nameof(AuditEntry.OccurredAt), Start.AddMinutes(2).AddMilliseconds(1) },
        { nameof(AuditEntry.ActorId), "oid-mallory" },
        { nameof(AuditEntry.ActorName), "Someone Else" },
        { nameof(AuditEntry.Action), "demand.viewed" },
        { nameof(AuditEntry.DemandReference), "LD-2026-000999" },
        { nameof(AuditEntry.DetailsJson), "{\"decision\":\"Reject\"}" },
        { nameof(AuditEntry.Hash), new string('0', 63) + "1" },
    };

    [Fact]
    public void AnEntryUnderAKeyTheRingDoesNotHoldIsNamed()
    {
        var chain = Chain(5);
        SetStoredColumn(chain[2], nameof(AuditEntry.KeyId), "stolen-1");

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), 3, "does not hold");
    }

    [Fact]
    public void ARecordedRotationVerifiesAndAnUnrecordedOneIsNamed()
    {
        var next = TestAuditKeys.NewKey("chain-2");
        var ring = new AuditKeyRing([Key, next]);
        var chain = Chain(3);
        chain.Add(AuditEntry.Append(chain[^1], next, Start.AddHours(1), "system", "ComplianceReview", AuditEntry.KeyRotatedAction, null,
            AuditEntry.KeyRotationDetails(Key.Id, next.Id)));
        chain.Add(AuditEntry.Append(chain[^1], next, Start.AddHours(2), "oid-1", "Rene", "demand.viewed", null, null));
        var unrecorded = Chain(3);
        unrecorded.Add(AuditEntry.Append(unrecorded[^1], next, Start.AddHours(2), "oid-1", "Rene", "demand.viewed", null, null));

        var rotated = AuditChainVerifier.Verify(chain, ring);

        Assert.True(rotated.IsValid, rotated.Problem);
        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), 4, "does not hold"); // an instance without the new key
        AssertBrokenAt(AuditChainVerifier.Verify(unrecorded, ring), 4, "without recording the rotation");
    }

    [Fact]
    public void ReturningToAKeyRotatedAwayFromIsNamed()
    {
        // Someone holding a retired (perhaps leaked) key records a "rotation" back to it to append entries of their own.
        var next = TestAuditKeys.NewKey("chain-2");
        var ring = new AuditKeyRing([Key, next]);
        var chain = Chain(2);
        chain.Add(AuditEntry.Append(chain[^1], next, Start.AddHours(1), "system", "ComplianceReview", AuditEntry.KeyRotatedAction, null,
            AuditEntry.KeyRotationDetails(Key.Id, next.Id)));
        chain.Add(AuditEntry.Append(chain[^1], Key, Start.AddHours(2), "system", "ComplianceReview", AuditEntry.KeyRotatedAction, null,
            AuditEntry.KeyRotationDetails(next.Id, Key.Id)));

        AssertBrokenAt(AuditChainVerifier.Verify(chain, ring), 4, "rotated away from earlier");
        Assert.Equal((4L, Key.Id), AuditChainVerifier.FirstReturnToARetiredKey([(1, Key.Id), (3, next.Id), (4, Key.Id)]));
        Assert.Null(AuditChainVerifier.FirstReturnToARetiredKey([(1, Key.Id), (3, Key.Id), (5, next.Id)]));
    }

    [Theory]
    [MemberData(nameof(ChangedFields))]
    public void AChangedFieldIsNamedAsTheFirstBadEntry(string field, object value)
    {
        var chain = Chain(5);
        SetStoredColumn(chain[2], field, value);

        var result = AuditChainVerifier.Verify(chain, Keys);

        AssertBrokenAt(result, 3, "altered");
        Assert.Equal(2, result.EntriesChecked);
        Assert.Equal(new AuditHead(2, chain[1].Hash), result.Head);
    }

    [Fact]
    public void AChangedLinkIsNamed()
    {
        var chain = Chain(5);
        SetStoredColumn(chain[3], nameof(AuditEntry.PreviousHash), chain[1].Hash);

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), 4, "does not link");
    }

    [Fact]
    public void AChangedEntryWhoseHashWasRecomputedBreaksTheNextLink()
    {
        var chain = Chain(5);
        var forged = AuditEntry.Append(chain[1], Key, chain[2].OccurredAt, chain[2].ActorId, chain[2].ActorName, "demand.rejected",
            chain[2].DemandReference, null);
        chain[2] = forged;

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), 4, "does not link");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void ADeletedEntryIsNamed(int deleted)
    {
        var chain = Chain(5);
        chain.RemoveAt(deleted - 1);

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), deleted, "missing");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void TwoSwappedEntriesAreNamed(int first)
    {
        var chain = Chain(5);
        (chain[first - 1], chain[first]) = (chain[first], chain[first - 1]);

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), first, null);
    }

    [Fact]
    public void AnInsertedForgedEntryIsNamed()
    {
        var chain = Chain(5);
        var forged = AuditEntry.Append(chain[1], Key, Start.AddMinutes(2), "oid-mallory", "Mallory", "demand.approved", "LD-2026-000123", null);
        chain.Insert(2, forged);

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), 3, "out of order");
    }

    [Fact]
    public void AnInsertedEntryWithRenumberedSuccessorsIsNamed()
    {
        var chain = Chain(5);
        var forged = AuditEntry.Append(chain[1], Key, Start.AddMinutes(2), "oid-mallory", "Mallory", "demand.approved", "LD-2026-000123", null);
        foreach (var later in chain.Skip(2)) SetStoredColumn(later, nameof(AuditEntry.Sequence), later.Sequence + 1);
        chain.Insert(2, forged);

        AssertBrokenAt(AuditChainVerifier.Verify(chain, Keys), 4, "does not link");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(0)]
    public void TruncationIsDetectedAgainstAnEarlierHead(int kept)
    {
        var chain = Chain(5);
        var exported = new AuditHead(5, chain[^1].Hash);

        var result = AuditChainVerifier.Verify(chain.Take(kept), Keys, exported);

        AssertBrokenAt(result, kept + 1, "removed");
        Assert.Equal(kept, result.EntriesChecked);
    }

    [Fact]
    public void AChainThatGrewSinceTheExportVerifies()
    {
        var chain = Chain(7);

        var result = AuditChainVerifier.Verify(chain, Keys, new AuditHead(4, chain[3].Hash));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(7, result.Head.Sequence);
    }

    [Fact]
    public void TruncationFollowedByNewEntriesIsDetectedAgainstAnEarlierHead()
    {
        // The export saw entries 1-5. Entries 4 and 5 are then removed and, as the app keeps running,
        // new entries 4, 5 and 6 are appended: the chain is intact in itself and longer than the head.
        var chain = Chain(5);
        var exported = new AuditHead(5, chain[^1].Hash);
        var rewritten = chain.Take(3).ToList();
        for (var i = 0; i < 3; i++)
            rewritten.Add(AuditEntry.Append(rewritten[^1], Key, Start.AddHours(1 + i), "oid-2", "Lee", "package.downloaded", "LD-2026-000124", null));

        var result = AuditChainVerifier.Verify(rewritten, Keys, exported);

        AssertBrokenAt(result, 5, "earlier export");
    }

    [Fact]
    public void TheStreamingVerifierStopsAtTheFirstBadEntry()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var verifier = new AuditChainVerifier(Keys);

        var accepted = chain.Select(verifier.Add).ToList();

        Assert.Equal([true, false, false, false], accepted);
        AssertBrokenAt(verifier.Complete(), 2, "missing");
    }

    private static void AssertBrokenAt(ChainVerification result, long sequence, string? problemPart)
    {
        Assert.False(result.IsValid);
        Assert.Equal(sequence, result.FirstBadSequence);
        Assert.False(string.IsNullOrWhiteSpace(result.Problem));
        if (problemPart is not null) Assert.Contains(problemPart, result.Problem, StringComparison.Ordinal);
    }

    private static List<AuditEntry> Chain(int length)
    {
        var chain = new List<AuditEntry>();
        string[] actions = ["demand.registered", "demand.viewed", "decision.approved", "package.generated", "signoff.approved"];
        for (var i = 0; i < length; i++)
        {
            chain.Add(AuditEntry.Append(chain.LastOrDefault(), Key, Start.AddMinutes(i), $"oid-{i % 2}", i % 2 == 0 ? "Rene" : "Lee",
                actions[i % actions.Length], "LD-2026-000123", new Dictionary<string, string?> { ["step"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }
        return chain;
    }

    /// <summary>Changes a stored column the way someone with database access could, bypassing the domain.</summary>
    private static void SetStoredColumn(AuditEntry entry, string property, object value) =>
        typeof(AuditEntry).GetProperty(property)!.SetValue(entry, value);
}
