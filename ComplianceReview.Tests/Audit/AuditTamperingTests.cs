using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Audit;

/// <summary>
/// Tampering straight in the database file by an insider who can read and write it (a DBA, a restored backup) and knows
/// the algorithm, but not the key, which is in the app's configuration: they drop the append-only triggers, change rows,
/// recompute every later hash the way the old unkeyed chain did (or with a key of their own), and put the triggers back.
/// Every change is found by the verification alone, with no digest kept by an auditor, at the right entry. The chain has
/// a signed checkpoint every 10 entries in the digest store outside the database, as the app writes them. A fresh
/// database per test.
/// </summary>
public sealed class AuditTamperingTests(ITestOutputHelper output) : FreshAppTests
{
    private const int Entries = 40;
    private const int CheckpointEvery = 10;

    private static readonly DateTimeOffsetToBinaryConverter Ticks = new();

    /// <summary>How the attacker computes hashes: the old unkeyed SHA-256 chain, or HMAC with a key they guessed.</summary>
    public enum Forger { Unkeyed, GuessedKey }

    private async Task<ChainVerification> VerifyAsync(AuditHead? expected = null, int segmentSize = 7, bool providerNeutral = false)
    {
        var service = App.ServiceAs<AuditVerificationService>(TestUser.Auditor);
        service.SegmentSize = segmentSize; // small segments verified in parallel, so tampering sits on and across their boundaries
        service.ProviderNeutralReader = providerNeutral; // the data reader SQL Server uses, instead of SQLite's statement API
        return await service.VerifyAsync(expected);
    }

    private async Task SeedAsync()
    {
        await AuditTestKit.AppendAsync(App, Entries, checkpointEvery: CheckpointEvery);
        var intact = await VerifyAsync();
        Assert.True(intact.IsValid, intact.Problem);
        Assert.Equal(Entries / CheckpointEvery, intact.CheckpointsChecked);
    }

    [Fact]
    public async Task TheDatabaseRefusesUpdateAndDeleteWhileTheTriggersStand()
    {
        await AuditTestKit.AppendAsync(App, 3);

        var update = await Assert.ThrowsAsync<SqliteException>(() => AuditTestKit.SqlAsync(App, "UPDATE AuditEntries SET ActorName = 'Mallory' WHERE Sequence = 2"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => AuditTestKit.SqlAsync(App, "DELETE FROM AuditEntries WHERE Sequence = 3"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await AuditTestKit.ChainAsync(App)).Count);
    }

    [Fact]
    public async Task AnIntactChainVerifiesWithProgressThatRisesToOneAndIsSealedWithACheckpoint()
    {
        await AuditTestKit.AppendAsync(App, Entries);
        var reports = new List<double>();
        var service = App.ServiceAs<AuditVerificationService>(TestUser.Auditor);
        service.SegmentSize = 7;

        var result = await service.VerifyAsync(progress: new SynchronousProgress(reports.Add));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(Entries, result.EntriesChecked);
        var head = new AuditHead(Entries, (await AuditTestKit.ChainAsync(App))[Entries - 1].Hash);
        Assert.Equal(head, result.Head);
        Assert.True(reports.Count >= Entries / 7, $"{reports.Count} progress reports");
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1.0, reports[^1]);
        var recorded = (await AuditTestKit.ChainAsync(App))[^1];
        Assert.Equal(AuditActions.ChainVerified, recorded.Action);
        Assert.Equal(TestUser.Auditor.User.Id, recorded.ActorId);
        var sealedHead = Assert.Single(await CheckpointsAsync());
        Assert.Equal(head, sealedHead.Head);
        Assert.True(sealedHead.IsAuthentic(AuditTestKit.Keys(App)));
        Assert.True(File.Exists(Path.Combine(App.CheckpointPath, $"{Entries:D20}{FolderCheckpointStore.Extension}")));
    }

    [Theory]
    [InlineData("ActorName", "'Mallory'", "altered")]
    [InlineData("Action", "'SignedOff'", "altered")]
    [InlineData("DemandReference", "'LD-2026-000999'", "altered")]
    [InlineData("DetailsJson", "'{\"n\":\"forged\"}'", "altered")]
    [InlineData("OccurredAt", "OccurredAt + 1000000", "altered")]
    [InlineData("KeyId", "'mallory-1'", "does not hold")]
    public async Task AChangedFieldIsFoundAtItsEntry(string column, string value, string problem)
    {
        await SeedAsync();
        await TamperAsync($"UPDATE AuditEntries SET {column} = {value} WHERE Sequence = 14");

        var result = await VerifyAsync();

        AssertBrokenAt(result, 14, problem);
        Assert.Equal(13, result.EntriesChecked);
    }

    [Theory]
    [InlineData("ActorName", "'Mallory'")]
    [InlineData("DetailsJson", "'{\"n\":\"forged\"}'")]
    [InlineData("OccurredAt", "OccurredAt + 1000000")]
    public async Task TheProviderNeutralReaderFindsTheSameChanges(string column, string value)
    {
        await SeedAsync();
        var intact = await VerifyAsync(providerNeutral: true);
        await TamperAsync($"UPDATE AuditEntries SET {column} = {value} WHERE Sequence = 14");

        var result = await VerifyAsync(providerNeutral: true);

        Assert.True(intact.IsValid, intact.Problem);
        Assert.Equal(Entries + 1, intact.EntriesChecked); // the seed's own verification recorded one entry
        AssertBrokenAt(result, 14, "altered");
        Assert.Equal(13, result.EntriesChecked);
    }

    [Theory]
    [InlineData(Forger.Unkeyed)]
    [InlineData(Forger.GuessedKey)]
    public async Task AnEditWithEveryLaterHashRecomputedIsFoundAtTheEdit(Forger forger)
    {
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        chain[11] = WithActorName(chain[11], "Mallory");

        await RewriteAsync(chain, fromSequence: 12, forger);

        AssertBrokenAt(await VerifyAsync(), 12, "altered");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(23)]
    public async Task ADeletedEntryIsNamed(long sequence)
    {
        await SeedAsync();
        await TamperAsync("DELETE FROM AuditEntries WHERE Sequence = $s", ("$s", sequence));

        AssertBrokenAt(await VerifyAsync(), sequence, $"Entry {sequence} is missing");
    }

    [Theory]
    [InlineData(Forger.Unkeyed)]
    [InlineData(Forger.GuessedKey)]
    public async Task ADeletionClosedByRenumberingAndRecomputingIsFoundAtTheGap(Forger forger)
    {
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        chain.RemoveAt(19); // entry 20 goes; 21 and later move down by one

        await RewriteAsync(chain, fromSequence: 20, forger);

        AssertBrokenAt(await VerifyAsync(), 20, "altered");
    }

    [Fact]
    public async Task TwoSwappedEntriesAreFoundAtTheFirst()
    {
        await SeedAsync();
        var original = await AuditTestKit.ChainAsync(App);
        const string columns = "OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, KeyId, Hash";
        await TamperAsync($"""
            CREATE TEMP TABLE Saved AS SELECT * FROM AuditEntries WHERE Sequence IN (10, 11);
            UPDATE AuditEntries SET ({columns}) = (SELECT {columns} FROM Saved WHERE Sequence = 11) WHERE Sequence = 10;
            UPDATE AuditEntries SET ({columns}) = (SELECT {columns} FROM Saved WHERE Sequence = 10) WHERE Sequence = 11;
            """);
        var swapped = await AuditTestKit.ChainAsync(App);
        Assert.Equal(original[10].Hash, swapped[9].Hash);
        Assert.Equal(original[9].Hash, swapped[10].Hash);

        AssertBrokenAt(await VerifyAsync(), 10, null);
    }

    [Theory]
    [InlineData(Forger.Unkeyed)]
    [InlineData(Forger.GuessedKey)]
    public async Task EntriesReorderedWithRecomputedHashesAreFoundAtTheFirstMoved(Forger forger)
    {
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        (chain[9], chain[10]) = (chain[10], chain[9]);

        await RewriteAsync(chain, fromSequence: 10, forger);

        AssertBrokenAt(await VerifyAsync(), 10, "altered");
    }

    [Theory]
    [InlineData(Forger.Unkeyed)]
    [InlineData(Forger.GuessedKey)]
    public async Task AnInsertedEntryIsFoundAtItselfNotAtTheOneAfter(Forger forger)
    {
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        var template = chain[19];
        chain.Insert(20, AuditEntry.FromStored(0, template.OccurredAt, "dev-legallead-1", "Lee Legal", AuditActions.SignedOff, "LD-2026-000001",
            "{}", "", template.KeyId, ""));

        await RewriteAsync(chain, fromSequence: 21, forger);

        AssertBrokenAt(await VerifyAsync(), 21, "altered");
    }

    [Theory]
    [InlineData(Forger.Unkeyed)]
    [InlineData(Forger.GuessedKey)]
    public async Task AForgedEntryAtTheEndIsFound(Forger forger)
    {
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        var last = chain[^1];
        chain.Add(AuditEntry.FromStored(0, last.OccurredAt, "dev-legallead-1", "Lee Legal", AuditActions.SignedOff, "LD-2026-000001", "{}", "",
            last.KeyId, ""));

        await RewriteAsync(chain, fromSequence: chain.Count, forger);

        AssertBrokenAt(await VerifyAsync(), chain.Count, "altered");
    }

    [Fact]
    public async Task AForgedEntryLeavingAGapIsFound()
    {
        await SeedAsync();
        await AuditTestKit.SqlAsync(App, """
            INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, KeyId, Hash)
            SELECT 1000, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, Hash, KeyId, Hash FROM AuditEntries WHERE Sequence = 5
            """);

        // Entry 41 is the seed's own verification record; 42 is missing.
        AssertBrokenAt(await VerifyAsync(), Entries + 2, "missing");
    }

    [Fact]
    public async Task TruncationIsFoundWithoutAnyDigestFromAnAuditor()
    {
        await SeedAsync();
        await TamperAsync("DELETE FROM AuditEntries WHERE Sequence > 33");

        var result = await VerifyAsync();

        AssertBrokenAt(result, 34, "were removed");
        Assert.Contains($"recorded entry {Entries}", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrailCutBackAndGrownAgainIsFound()
    {
        await SeedAsync();
        await TamperAsync("DELETE FROM AuditEntries WHERE Sequence > 25");
        var writer = App.Services.GetRequiredService<ComplianceWriter>();
        for (var i = 0; i < 20; i++) await writer.RecordAsync(TestUser.Reviewer1.User, AuditActions.DemandViewed, null); // the app goes on

        var result = await VerifyAsync();

        // The checkpoint at 20 still matches, the one at 30 does not: entries after 20 can no longer be vouched for.
        AssertBrokenAt(result, 21, "were replaced");
        Assert.Contains("Entry 30 is not the one the checkpoint", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChainRebuiltEvenWithTheKeyIsFoundAgainstTheCheckpoints()
    {
        // Someone who also got hold of the key (a configuration leak) rebuilds the trail from entry 12 on.
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        chain[11] = WithActorName(chain[11], "Mallory");
        var key = AuditTestKit.Keys(App).Signing;

        await RewriteAsync(chain, fromSequence: 12, e => e.ComputeHash(key));

        var result = await VerifyAsync();
        AssertBrokenAt(result, 11, "were replaced");
        Assert.Contains("Entry 20 is not the one the checkpoint", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheCheckpointsGoneADigestFromAnEarlierExportStillShowsTruncation()
    {
        await SeedAsync();
        var exported = await ExportDigestAsync();
        foreach (var file in Directory.GetFiles(App.CheckpointPath)) File.Delete(file); // the digest store was not append-only after all
        await TamperAsync("DELETE FROM AuditEntries WHERE Sequence > $keep", ("$keep", exported.Sequence - 3));

        var withDigest = await App.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync(exported);

        AssertBrokenAt(withDigest, exported.Sequence - 2, "entries were removed");
    }

    [Fact]
    public async Task MissingTriggersAreFoundWhenNothingElseChanged()
    {
        await SeedAsync();
        await AuditTestKit.DropTriggersAsync(App);

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Null(result.FirstBadSequence);
        Assert.Contains("AuditEntries_NoUpdate is missing", result.Problem, StringComparison.Ordinal);
        Assert.Contains("AuditEntries_NoDelete is missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATriggerReplacedByOneThatAllowsEverythingIsFound()
    {
        await SeedAsync();
        await AuditTestKit.SqlAsync(App, """
            DROP TRIGGER AuditEntries_NoDelete;
            CREATE TRIGGER AuditEntries_NoDelete BEFORE DELETE ON AuditEntries BEGIN SELECT 1; END;
            """);

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Contains("AuditEntries_NoDelete was changed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedCheckpointInTheDigestStoreIsFound()
    {
        await SeedAsync();
        var forged = AuditCheckpoint.Create(new AuditHead(99, new string('a', 64)), App.Time.GetUtcNow(),
            TestAuditKeys.NewKey(AuditTestKit.Keys(App).Signing.Id));
        await File.WriteAllTextAsync(Path.Combine(App.CheckpointPath, $"{99:D20}{FolderCheckpointStore.Extension}"), forged.ToJson());
        await File.WriteAllTextAsync(Path.Combine(App.CheckpointPath, $"{98:D20}{FolderCheckpointStore.Extension}"), "not a checkpoint");

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Contains($"{99:D20}{FolderCheckpointStore.Extension} in the digest store is not authentic", result.Problem, StringComparison.Ordinal);
        Assert.Contains($"{98:D20}{FolderCheckpointStore.Extension} in the digest store is not authentic", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyingFiftyThousandEntriesStreamsWithProgress()
    {
        const int count = 50_000;
        var seeding = Stopwatch.StartNew();
        await AuditTestKit.AppendAsync(App, count);
        seeding.Stop();
        var reports = 0;

        var timer = Stopwatch.StartNew();
        var result = await App.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync(progress: new SynchronousProgress(_ => reports++));
        timer.Stop();

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(count, result.EntriesChecked);
        Assert.True(reports >= count / AuditVerificationService.ProgressInterval);
        output.WriteLine($"Seeded {count:N0} entries in {seeding.ElapsedMilliseconds:N0} ms; verified in {timer.ElapsedMilliseconds:N0} ms " +
            $"({count / Math.Max(1, timer.Elapsed.TotalSeconds):N0} entries/s, {reports} progress reports).");
    }

    private static void AssertBrokenAt(ChainVerification result, long sequence, string? problemPart)
    {
        Assert.False(result.IsValid, "the tampering went unnoticed");
        Assert.Equal(sequence, result.FirstBadSequence);
        if (problemPart is not null) Assert.Contains(problemPart, result.Problem, StringComparison.Ordinal);
    }

    /// <summary>Triggers dropped, the change made, triggers put back as the migration made them: no trace in the schema.</summary>
    private async Task TamperAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, sql, parameters);
        await AuditTestKit.RestoreTriggersAsync(App);
    }

    private Task RewriteAsync(List<AuditEntry> chain, long fromSequence, Forger forger) =>
        RewriteAsync(chain, fromSequence, forger == Forger.Unkeyed ? UnkeyedHash : GuessedKeyHash(AuditTestKit.Keys(App).Signing.Id));

    /// <summary>
    /// Stores <paramref name="chain"/> in place of the trail, numbered 1, 2, 3, ...: the entries before
    /// <paramref name="fromSequence"/> as they were, every one from there on linked to the one before it and given the hash
    /// <paramref name="hash"/> computes, as someone who knows the algorithm would rebuild it.
    /// </summary>
    private async Task RewriteAsync(List<AuditEntry> chain, long fromSequence, Func<AuditEntry, string> hash)
    {
        var rows = new List<AuditEntry>();
        var previousHash = AuditEntry.GenesisHash;
        foreach (var (entry, index) in chain.Select((e, i) => (e, i)))
        {
            var sequence = index + 1L;
            var row = sequence < fromSequence ? entry : Relinked(entry, sequence, previousHash, hash);
            rows.Add(row);
            previousHash = row.Hash;
        }
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, "DELETE FROM AuditEntries");
        foreach (var row in rows)
        {
            await AuditTestKit.SqlAsync(App, """
                INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, KeyId, Hash)
                VALUES ($s, $at, $actorId, $actorName, $action, $reference, $details, $previous, $keyId, $hash)
                """, ("$s", row.Sequence), ("$at", Ticks.ConvertToProvider(row.OccurredAt)!), ("$actorId", row.ActorId), ("$actorName", row.ActorName),
                ("$action", row.Action), ("$reference", (object?)row.DemandReference ?? DBNull.Value), ("$details", row.DetailsJson),
                ("$previous", row.PreviousHash), ("$keyId", row.KeyId), ("$hash", row.Hash));
        }
        await AuditTestKit.RestoreTriggersAsync(App);
    }

    private static AuditEntry Relinked(AuditEntry e, long sequence, string previousHash, Func<AuditEntry, string> hash)
    {
        var unhashed = AuditEntry.FromStored(sequence, e.OccurredAt, e.ActorId, e.ActorName, e.Action, e.DemandReference, e.DetailsJson,
            previousHash, e.KeyId, "");
        return AuditEntry.FromStored(sequence, e.OccurredAt, e.ActorId, e.ActorName, e.Action, e.DemandReference, e.DetailsJson,
            previousHash, e.KeyId, hash(unhashed));
    }

    /// <summary>The chain as it was before entries were keyed: SHA-256 of the previous hash and the canonical form.</summary>
    private static string UnkeyedHash(AuditEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.PreviousHash + entry.CanonicalForm())));

    /// <summary>HMAC with a key of the attacker's own under the app's key id: the format is public, the secret is not.</summary>
    private static Func<AuditEntry, string> GuessedKeyHash(string keyId)
    {
        var guessed = TestAuditKeys.NewKey(keyId);
        return entry => entry.ComputeHash(guessed);
    }

    private static AuditEntry WithActorName(AuditEntry e, string name) =>
        AuditEntry.FromStored(e.Sequence, e.OccurredAt, e.ActorId, name, e.Action, e.DemandReference, e.DetailsJson, e.PreviousHash, e.KeyId, e.Hash);

    private async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync() =>
        (await App.Services.GetRequiredService<IAuditCheckpointStore>().ReadAllAsync(CancellationToken.None)).Select(c => c.Checkpoint!).ToList();

    /// <summary>Exports CSV and reads the digest back from the file's last line, as an auditor would keep it.</summary>
    private async Task<AuditHead> ExportDigestAsync()
    {
        var exports = App.ServiceAs<AuditExportService>(TestUser.Auditor);
        var today = DateOnly.FromDateTime(App.Time.GetUtcNow().UtcDateTime);
        var export = await exports.BeginAuditLogExportAsync(today, today, AuditExportFormat.Csv);
        using var file = new MemoryStream();
        await exports.WriteCsvAsync(export, file);
        var last = Encoding.UTF8.GetString(file.ToArray()).TrimEnd().Split("\r\n")[^1];
        Assert.StartsWith(AuditExportText.HeadDigestLabel + ": ", last, StringComparison.Ordinal);
        Assert.True(AuditHeadText.TryParse(last[(AuditExportText.HeadDigestLabel.Length + 2)..], out var head));
        return head;
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; tests want every report, in order, before the call returns.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
