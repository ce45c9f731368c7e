using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// Verifies the audit trail against what the database cannot change: the keys (from configuration) that authenticate every
/// entry, and the signed checkpoints in the digest store outside the database. The chain is cut into segments of
/// <see cref="SegmentSize"/> entries verified in parallel, one streaming reader each, so a chain of millions never sits in
/// memory and all cores hash; a segment starts from the stored entry before it, which the previous segment verifies.
/// Then: the chain must reach the newest checkpoint (else it was cut back) and hold each checkpoint's hash at its sequence
/// (else it was cut back and grown again, or rebuilt); every checkpoint must be authentic; the append-only triggers (SQLite)
/// or ledger table (SQL Server) must still be in place; on SQL Server the ledger's own verification runs when the database
/// stores its digests automatically. The result names the earliest bad entry. No digest has to be kept or pasted; one
/// printed on an earlier export can still be given and is checked too.
/// </summary>
public sealed class AuditVerificationService(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    AuditKeyRing keys,
    AuditCheckpoints checkpoints)
{
    public const int DefaultSegmentSize = 100_000;

    /// <summary>Rows verified between two progress reports.</summary>
    public const int ProgressInterval = 2000;

    /// <summary>Entries per parallel segment; tests lower it so segment boundaries are crossed.</summary>
    internal int SegmentSize { get; set; } = DefaultSegmentSize;

    /// <summary>Read SQLite through the plain data reader other providers use (tests cover that path with it).</summary>
    internal bool ProviderNeutralReader { get; set; }

    /// <summary>
    /// Verifies the trail as it stands when the call starts (entries appended meanwhile are left for the next run), seals
    /// an intact head with a checkpoint, then records the verification and its result in the trail.
    /// </summary>
    public async Task<ChainVerification> VerifyAsync(AuditHead? expectedHead = null, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAuditorAsync(writer, "verify the audit trail", cancellationToken: cancellationToken);
        var result = await VerifyChainAsync(expectedHead, progress, cancellationToken);
        if (result.IsValid) await checkpoints.WriteAsync(result.Head, cancellationToken);
        await writer.RecordAsync(user, AuditActions.ChainVerified, null, new Dictionary<string, string?>
        {
            ["valid"] = result.IsValid ? "true" : "false",
            ["entriesChecked"] = result.EntriesChecked.ToString(CultureInfo.InvariantCulture),
            ["checkpointsChecked"] = result.CheckpointsChecked.ToString(CultureInfo.InvariantCulture),
            ["firstBadSequence"] = result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture),
            ["problem"] = result.Problem,
            ["head"] = result.Head.ToString(),
            ["expectedHead"] = expectedHead?.ToString(),
        }, cancellationToken);
        return result;
    }

    /// <summary>The check itself, without the role check, the checkpoint or the audit entry (the export and the tests use it).</summary>
    /// <param name="upTo">Verify only the chain's first entries, up to this sequence number (the benchmarks use it).</param>
    internal async Task<ChainVerification> VerifyChainAsync(AuditHead? expectedHead, IProgress<double>? progress, CancellationToken cancellationToken,
        long? upTo = null)
    {
        long last;
        IReadOnlyList<string> unprotected;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            last = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
            unprotected = await AuditIntegrity.ProblemsAsync(db, cancellationToken);
        }
        if (upTo < last) last = upTo.Value;

        var stored = await checkpoints.ReadAllAsync(cancellationToken);
        var authentic = stored.Where(c => c.Checkpoint?.IsAuthentic(keys) == true).Select(c => c.Checkpoint!)
            .Where(c => upTo is null || c.Sequence <= last).OrderBy(c => c.Sequence).ToList();
        var watched = authentic.Select(c => c.Sequence).Append(expectedHead?.Sequence ?? 0).Where(s => s > 0).ToHashSet();

        var chain = await VerifySegmentsAsync(last, watched, progress, cancellationToken);
        var problems = new Problems();
        if (chain.Failure is { } failure) problems.Add(failure.FirstBadSequence, failure.Problem!);
        if (chain.ReturnToRetiredKey is { } returned)
            problems.Add(returned.Sequence, $"Entry {returned.Sequence} is authenticated with the key '{returned.KeyId}', which was rotated away from earlier.");
        CheckAgainstCheckpoints(chain, authentic, problems);
        foreach (var bad in stored.Where(c => c.Checkpoint?.IsAuthentic(keys) != true))
            problems.Add(null, $"The checkpoint {bad.Name} in the digest store is not authentic: it was forged or damaged, or signed with a key this instance does not hold.");
        foreach (var problem in unprotected) problems.Add(null, problem + " The database no longer refuses changes to the trail.");
        if (expectedHead is { Sequence: > 0 } exported)
        {
            if (chain.Head.Sequence < exported.Sequence)
                problems.Add(chain.Head.Sequence + 1, $"The chain ends at {chain.Head.Sequence}, but an earlier export saw entry {exported.Sequence}: entries were removed.");
            else if (chain.Seen.TryGetValue(exported.Sequence, out var hash) && !string.Equals(hash, exported.Hash, StringComparison.Ordinal))
                problems.Add(exported.Sequence, $"Entry {exported.Sequence} differs from the one an earlier export saw: entries up to it were rewritten.");
        }
        if (problems.Count == 0 && upTo is null && await LedgerProblemAsync(cancellationToken) is { } ledger) problems.Add(null, ledger);

        return problems.Result(chain.Checked, chain.Head) with { CheckpointsChecked = authentic.Count };
    }

    /// <summary>
    /// The chain must reach the newest checkpoint and hold each checkpoint's hash. A checkpoint that no longer matches means
    /// entries after the last one that still does were replaced: that is the earliest entry the trail can no longer vouch for.
    /// </summary>
    private static void CheckAgainstCheckpoints(ChainResult chain, IReadOnlyList<AuditCheckpoint> authentic, Problems problems)
    {
        if (authentic.Count == 0) return;
        var newest = authentic[^1];
        if (chain.Head.Sequence < newest.Sequence && chain.Failure is null)
        {
            problems.Add(chain.Head.Sequence + 1, $"The chain ends at entry {chain.Head.Sequence}, but the checkpoint written at " +
                $"{AuditExportText.Time(newest.WrittenAt)} recorded entry {newest.Sequence}: entries {chain.Head.Sequence + 1} to {newest.Sequence} were removed.");
        }
        long lastMatching = 0;
        foreach (var checkpoint in authentic)
        {
            if (!chain.Seen.TryGetValue(checkpoint.Sequence, out var hash)) continue; // not reached: reported above or by the chain
            if (string.Equals(hash, checkpoint.HeadHash, StringComparison.Ordinal))
            {
                lastMatching = checkpoint.Sequence;
                continue;
            }
            problems.Add(lastMatching + 1, $"Entry {checkpoint.Sequence} is not the one the checkpoint written at {AuditExportText.Time(checkpoint.WrittenAt)} " +
                $"recorded: the entries after {lastMatching} were replaced (the chain was cut back and grown again, or rebuilt).");
            return;
        }
    }

    /// <summary>SQL Server's own ledger verification, where the database stores its digests automatically; null when it passes or cannot run.</summary>
    private async Task<string?> LedgerProblemAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Provider != DatabaseProvider.SqlServer) return null;
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = AuditLedger.VerifyFromDigestStorage;
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (DbException e)
        {
            return $"SQL Server's ledger verification failed: {e.Message}";
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<ChainResult> VerifySegmentsAsync(long last, IReadOnlySet<long> watched, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var segmentSize = Math.Max(1, SegmentSize);
        var segments = new Segment[(int)Math.Max(1, (last + segmentSize - 1) / segmentSize)];
        for (var i = 0; i < segments.Length; i++) segments[i] = new Segment(i * (long)segmentSize, Math.Min(last, (i + 1) * (long)segmentSize));

        var reporter = new ProgressReporter(progress, last);
        reporter.Report(0);
        var seen = new ConcurrentDictionary<long, string>();
        await Parallel.ForEachAsync(segments, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (segment, token) => await VerifySegmentAsync(segment, watched, seen, reporter, token));
        reporter.Report(last);

        // Segments in chain order: the first one that failed holds the chain's first bad entry.
        long checkedBefore = 0;
        var head = AuditHead.Empty;
        foreach (var segment in segments)
        {
            if (segment.Failure is { } failure)
                return new ChainResult(failure with { EntriesChecked = checkedBefore + failure.EntriesChecked }, checkedBefore + failure.EntriesChecked,
                    failure.Head, seen, null);
            checkedBefore += segment.Checked;
            if (segment.Checked > 0) head = segment.Head;
        }
        var returned = AuditChainVerifier.FirstReturnToARetiredKey(segments.SelectMany(s => s.KeySpans));
        return new ChainResult(null, checkedBefore, head, seen, returned);
    }

    private async Task VerifySegmentAsync(Segment segment, IReadOnlySet<long> watched, ConcurrentDictionary<long, string> seen,
        ProgressReporter reporter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var fromProvider = OccurredAtFromProvider(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // The segment continues the chain from the stored entry before it (the previous segment checks that entry).
            var start = AuditHead.Empty;
            string? startKeyId = null;
            if (segment.After > 0)
            {
                await using var previous = connection.CreateCommand();
                previous.CommandText = """SELECT "Hash", "KeyId" FROM "AuditEntries" WHERE "Sequence" = @after""";
                AddParameter(previous, "@after", segment.After);
                await using var row = await previous.ExecuteReaderAsync(cancellationToken);
                if (!await row.ReadAsync(cancellationToken))
                {
                    segment.Failure = new ChainVerification(false, 0, segment.After,
                        $"Entry {segment.After} is missing (the next stored entry is {segment.After + 1}).", AuditHead.Empty);
                    return;
                }
                start = new AuditHead(segment.After, row.GetString(0));
                startKeyId = row.GetString(1);
            }

            var verifier = new AuditChainVerifier(keys, start, startKeyId);
            var rows = new RowSink(verifier, watched, seen, reporter, cancellationToken);
            if (connection is SqliteConnection sqlite && !ProviderNeutralReader) ReadSqlite(sqlite, segment, rows, OccurredAtFromTicks(db));
            else await ReadAnyProviderAsync(connection, segment, rows, fromProvider, cancellationToken);
            rows.Flush();
            segment.Checked = verifier.Count;
            segment.Head = verifier.Head;
            segment.Failure = verifier.Failure;
            segment.KeySpans = verifier.KeySpans;
            // Entries missing at the segment's end: nothing after them in this segment shows the gap, so it is named here
            // (at the chain's end there is no gap by construction: the segment ends at the last stored entry).
            if (segment.Failure is null && verifier.Head.Sequence < segment.UpTo && segment.UpTo > segment.After)
                segment.Failure = new ChainVerification(false, verifier.Count, verifier.Head.Sequence + 1,
                    $"Entry {verifier.Head.Sequence + 1} is missing.", verifier.Head);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Where a segment's rows go: the verifier, the watched hashes, the progress; false once the chain broke.</summary>
    private sealed class RowSink(AuditChainVerifier verifier, IReadOnlySet<long> watched, ConcurrentDictionary<long, string> seen,
        ProgressReporter reporter, CancellationToken cancellationToken)
    {
        private long _sinceReport;

        public bool Add(AuditEntry entry)
        {
            if (!verifier.Add(entry)) return false;
            if (watched.Contains(entry.Sequence)) seen[entry.Sequence] = entry.Hash;
            if (++_sinceReport == ProgressInterval)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Flush();
            }
            return true;
        }

        public void Flush()
        {
            reporter.Advance(_sinceReport);
            _sinceReport = 0;
        }
    }

    /// <summary>
    /// SQLite: the segment's rows through SQLite's own statement API, a string per field straight from the row buffer,
    /// without the data reader's per-call checks (a third of reading a row). The entries are the same as the data reader's.
    /// </summary>
    private static void ReadSqlite(SqliteConnection connection, Segment segment, RowSink rows, Func<long, DateTimeOffset> fromTicks)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, SegmentSql, out var statement));
        try
        {
            Check(connection, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@after"), segment.After));
            Check(connection, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@upTo"), segment.UpTo));
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var entry = AuditEntry.FromStored(raw.sqlite3_column_int64(statement, 0), fromTicks(raw.sqlite3_column_int64(statement, 1)),
                    Text(statement, 2), Text(statement, 3), Text(statement, 4),
                    raw.sqlite3_column_type(statement, 5) == raw.SQLITE_NULL ? null : Text(statement, 5),
                    Text(statement, 6), Text(statement, 7), Text(statement, 8), Text(statement, 9));
                if (!rows.Add(entry)) return;
            }
            if (step != raw.SQLITE_DONE) Check(connection, step);
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    private static string Text(sqlite3_stmt statement, int column) => raw.sqlite3_column_text(statement, column).utf8_to_string() ?? "";

    private static void Check(SqliteConnection connection, int result)
    {
        if (result != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(result, connection.Handle);
    }

    /// <summary>Any other provider (SQL Server): a plain data reader.</summary>
    private static async Task ReadAnyProviderAsync(DbConnection connection, Segment segment, RowSink rows, Func<object, DateTimeOffset> fromProvider,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SegmentSql;
        AddParameter(command, "@after", segment.After);
        AddParameter(command, "@upTo", segment.UpTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = AuditEntry.FromStored(reader.GetInt64(0), fromProvider(reader.GetValue(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.GetString(8), reader.GetString(9));
            if (!rows.Add(entry)) return;
        }
    }

    /// <summary>SQLite keeps <see cref="AuditEntry.OccurredAt"/> as the converter's ticks.</summary>
    private static Func<long, DateTimeOffset> OccurredAtFromTicks(ComplianceDbContext db) =>
        ((ValueConverter<DateTimeOffset, long>)OccurredAtConverter(db)!).ConvertFromProviderTyped;

    private static ValueConverter? OccurredAtConverter(ComplianceDbContext db) =>
        db.Model.FindEntityType(typeof(AuditEntry))!.FindProperty(nameof(AuditEntry.OccurredAt))!.GetTypeMapping().Converter;

    private const string SegmentSql = """
        SELECT "Sequence", "OccurredAt", "ActorId", "ActorName", "Action", "DemandReference", "DetailsJson", "PreviousHash", "KeyId", "Hash"
        FROM "AuditEntries" WHERE "Sequence" > @after AND "Sequence" <= @upTo ORDER BY "Sequence"
        """;

    /// <summary>The stored form of <see cref="AuditEntry.OccurredAt"/> back to a date (SQLite keeps ticks, SQL Server a datetimeoffset).</summary>
    private static Func<object, DateTimeOffset> OccurredAtFromProvider(ComplianceDbContext db) =>
        OccurredAtConverter(db) is { } converter ? value => (DateTimeOffset)converter.ConvertFromProvider(value)! : value => (DateTimeOffset)value;

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>What the segments found together: the first failure, the entries accepted, the head, the watched hashes.</summary>
    private sealed record ChainResult(ChainVerification? Failure, long Checked, AuditHead Head, IReadOnlyDictionary<long, string> Seen,
        (long Sequence, string KeyId)? ReturnToRetiredKey);

    /// <summary>Everything found wrong; the verdict names the earliest bad entry among them.</summary>
    private sealed class Problems
    {
        private readonly List<(long? Sequence, string Text)> _found = [];

        public int Count => _found.Count;

        public void Add(long? sequence, string text) => _found.Add((sequence, text));

        public ChainVerification Result(long entriesChecked, AuditHead head)
        {
            if (_found.Count == 0) return ChainVerification.Valid(entriesChecked, head);
            var ordered = _found.Where(f => f.Sequence is not null).OrderBy(f => f.Sequence).Concat(_found.Where(f => f.Sequence is null)).ToList();
            return new ChainVerification(false, entriesChecked, ordered[0].Sequence, string.Join(" ", ordered.Select(f => f.Text)), head);
        }
    }

    /// <summary>One part of the chain: the entries after <see cref="After"/> up to and including <see cref="UpTo"/>.</summary>
    private sealed class Segment(long after, long upTo)
    {
        public long After { get; } = after;
        public long UpTo { get; } = upTo;
        public long Checked { get; set; }
        public AuditHead Head { get; set; } = AuditHead.Empty;
        public ChainVerification? Failure { get; set; }
        public IReadOnlyList<(long Sequence, string KeyId)> KeySpans { get; set; } = [];
    }

    /// <summary>Progress from several segments at once, reported in rising order, one report at a time.</summary>
    private sealed class ProgressReporter(IProgress<double>? progress, long total)
    {
        private readonly Lock _gate = new();
        private long _done;
        private double _reported = -1;

        public void Advance(long rows)
        {
            if (rows > 0) Report(Interlocked.Add(ref _done, rows));
        }

        public void Report(long done)
        {
            if (progress is null) return;
            var value = total == 0 ? 1 : Math.Min(1, (double)done / total);
            lock (_gate)
            {
                if (value <= _reported) return;
                _reported = value;
                progress.Report(value);
            }
        }
    }
}
