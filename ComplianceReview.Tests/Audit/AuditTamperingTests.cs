using System.Diagnostics;
using System.Text;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Audit;

/// <summary>
/// Tampering straight in the database file, after dropping the append-only triggers as an attacker with file access
/// would: each change is found, at the right entry. A fresh database per test.
/// </summary>
public sealed class AuditTamperingTests(ITestOutputHelper output) : FreshAppTests
{
    private const int Entries = 40;

    private async Task<ChainVerification> VerifyAsync(AuditHead? expected = null, int segmentSize = 7, bool providerNeutral = false)
    {
        var service = App.ServiceAs<AuditVerificationService>(TestUser.Auditor);
        service.SegmentSize = segmentSize; // small segments verified in parallel, so tampering sits on and across their boundaries
        service.ProviderNeutralReader = providerNeutral; // the data reader SQL Server uses, instead of SQLite's row buffer
        return await service.VerifyAsync(expected);
    }

    private async Task SeedAsync()
    {
        await AuditTestKit.AppendAsync(App, Entries);
        var intact = await VerifyAsync();
        Assert.True(intact.IsValid, intact.Problem);
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
    public async Task AnIntactChainVerifiesWithProgressThatRisesToOne()
    {
        await AuditTestKit.AppendAsync(App, Entries);
        var reports = new List<double>();
        var service = App.ServiceAs<AuditVerificationService>(TestUser.Auditor);
        service.SegmentSize = 7;

        var result = await service.VerifyAsync(progress: new SynchronousProgress(reports.Add));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(Entries, result.EntriesChecked);
        Assert.Equal(new AuditHead(Entries, (await AuditTestKit.ChainAsync(App))[Entries - 1].Hash), result.Head);
        Assert.True(reports.Count >= Entries / 7, $"{reports.Count} progress reports");
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1.0, reports[^1]);
        var recorded = (await AuditTestKit.ChainAsync(App))[^1];
        Assert.Equal(AuditActions.ChainVerified, recorded.Action);
        Assert.Equal(TestUser.Auditor.User.Id, recorded.ActorId);
    }

    [Theory]
    [InlineData("ActorName", "'Mallory'")]
    [InlineData("Action", "'SignedOff'")]
    [InlineData("DemandReference", "'LD-2026-000999'")]
    [InlineData("DetailsJson", "'{\"n\":\"forged\"}'")]
    [InlineData("OccurredAt", "OccurredAt + 1000000")]
    public async Task AChangedFieldIsFoundAtItsEntry(string column, string value)
    {
        await SeedAsync();
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, $"UPDATE AuditEntries SET {column} = {value} WHERE Sequence = 14");

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Equal(14, result.FirstBadSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
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
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, $"UPDATE AuditEntries SET {column} = {value} WHERE Sequence = 14");

        var result = await VerifyAsync(providerNeutral: true);

        Assert.True(intact.IsValid, intact.Problem);
        Assert.Equal(Entries + 1, intact.EntriesChecked); // the seed's own verification recorded one entry
        Assert.False(result.IsValid);
        Assert.Equal(14, result.FirstBadSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
        Assert.Equal(13, result.EntriesChecked);
    }

    [Fact]
    public async Task AChangedFieldWithARecomputedHashIsFoundAtTheNextEntry()
    {
        await SeedAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        var original = chain[20 - 1];
        var forged = AuditEntry.Append(chain[19 - 1], original.OccurredAt, original.ActorId, "Mallory", original.Action, original.DemandReference,
            AuditLogQueries.Details(original).ToDictionary(d => d.Key, d => d.Value));
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, "UPDATE AuditEntries SET ActorName = 'Mallory', Hash = $hash WHERE Sequence = 20", ("$hash", forged.Hash));

        var result = await VerifyAsync();

        Assert.Equal(21, result.FirstBadSequence);
        Assert.Contains("does not link", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(23)]
    public async Task ADeletedEntryIsNamed(long sequence)
    {
        await SeedAsync();
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, "DELETE FROM AuditEntries WHERE Sequence = $s", ("$s", sequence));

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Equal(sequence, result.FirstBadSequence);
        Assert.Contains($"Entry {sequence} is missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoSwappedEntriesAreFoundAtTheFirst()
    {
        await SeedAsync();
        var original = await AuditTestKit.ChainAsync(App);
        await AuditTestKit.DropTriggersAsync(App);
        const string columns = "OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, Hash";
        await AuditTestKit.SqlAsync(App, $"""
            CREATE TEMP TABLE Saved AS SELECT * FROM AuditEntries WHERE Sequence IN (10, 11);
            UPDATE AuditEntries SET ({columns}) = (SELECT {columns} FROM Saved WHERE Sequence = 11) WHERE Sequence = 10;
            UPDATE AuditEntries SET ({columns}) = (SELECT {columns} FROM Saved WHERE Sequence = 10) WHERE Sequence = 11;
            """);
        var swapped = await AuditTestKit.ChainAsync(App);
        Assert.Equal(original[10].Hash, swapped[9].Hash);
        Assert.Equal(original[9].Hash, swapped[10].Hash);

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Equal(10, result.FirstBadSequence);
    }

    [Fact]
    public async Task AForgedEntryAtTheEndIsFound()
    {
        await SeedAsync();
        var head = await AuditTestKit.HeadAsync(App);
        await AuditTestKit.SqlAsync(App, """
            INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, Hash)
            SELECT Sequence + 1, OccurredAt, 'dev-legal-1', 'Lee Legal', 'SignedOff', 'LD-2026-000001', '{}', Hash, $hash
            FROM AuditEntries WHERE Sequence = $last
            """, ("$hash", new string('a', 64)), ("$last", head.Sequence));

        var result = await VerifyAsync();

        Assert.False(result.IsValid);
        Assert.Equal(head.Sequence + 1, result.FirstBadSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedEntryLeavingAGapIsFound()
    {
        await SeedAsync();
        await AuditTestKit.SqlAsync(App, """
            INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, Hash)
            SELECT 1000, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, Hash, Hash FROM AuditEntries WHERE Sequence = 5
            """);

        var result = await VerifyAsync();

        Assert.Equal(Entries + 2, result.FirstBadSequence); // entry 41 is the verification's own record; 42 is missing
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncationIsFoundAgainstTheDigestOfAnEarlierExport()
    {
        await SeedAsync();
        var exported = await ExportDigestAsync();
        await AuditTestKit.DropTriggersAsync(App);
        await AuditTestKit.SqlAsync(App, "DELETE FROM AuditEntries WHERE Sequence > $keep", ("$keep", exported.Sequence - 3));

        var withDigest = await App.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync(exported);
        var withoutDigest = await VerifyAsync();

        Assert.True(withoutDigest.IsValid, "a truncated chain is internally consistent; only the digest shows the loss");
        Assert.False(withDigest.IsValid);
        Assert.Equal(exported.Sequence - 2, withDigest.FirstBadSequence);
        Assert.Contains("entries were removed", withDigest.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChainRewrittenConsistentlyIsFoundAgainstTheDigestOfAnEarlierExport()
    {
        await SeedAsync();
        var exported = await ExportDigestAsync();
        var chain = await AuditTestKit.ChainAsync(App);
        await AuditTestKit.DropTriggersAsync(App);
        // Someone who knows the algorithm changes entry 12 and recomputes every hash after it.
        var previous = chain[10];
        foreach (var entry in chain.Skip(11))
        {
            var name = entry.Sequence == 12 ? "Mallory" : entry.ActorName;
            var rewritten = AuditEntry.Append(previous, entry.OccurredAt, entry.ActorId, name, entry.Action, entry.DemandReference,
                AuditLogQueries.Details(entry).ToDictionary(d => d.Key, d => d.Value));
            await AuditTestKit.SqlAsync(App, "UPDATE AuditEntries SET ActorName = $name, PreviousHash = $previous, Hash = $hash WHERE Sequence = $s",
                ("$name", name), ("$previous", rewritten.PreviousHash), ("$hash", rewritten.Hash), ("$s", entry.Sequence));
            previous = rewritten;
        }

        var result = await App.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync(exported);

        Assert.False(result.IsValid);
        Assert.Equal(exported.Sequence, result.FirstBadSequence);
        Assert.Contains("differs from the one an earlier export saw", result.Problem, StringComparison.Ordinal);
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
