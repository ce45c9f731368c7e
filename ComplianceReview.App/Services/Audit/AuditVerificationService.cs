using System.Data.Common;
using System.Globalization;
using System.Text;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// Recomputes the audit chain from the database. The chain is cut into segments of <see cref="SegmentSize"/> entries that
/// are verified in parallel, one streaming reader each (plain ADO.NET on the app's connection: no tracking, no entity
/// materialisation), so a chain of millions never sits in memory and all cores hash. A segment starts from the stored
/// hash of the entry before it, which the previous segment verifies, so together they check every link. The result
/// names the first entry that does not fit, and, given the head digest printed on an earlier export, detects a chain
/// that was truncated or rewritten since.
/// </summary>
public sealed class AuditVerificationService(IDbContextFactory<ComplianceDbContext> contexts, ComplianceWriter writer, ICurrentUser currentUser)
{
    public const int DefaultSegmentSize = 250_000;

    /// <summary>Rows verified between two progress reports.</summary>
    public const int ProgressInterval = 2000;

    /// <summary>Entries per parallel segment; tests lower it so segment boundaries are crossed.</summary>
    internal int SegmentSize { get; set; } = DefaultSegmentSize;

    /// <summary>Read SQLite through the plain data reader that other providers use (tests cover that path with it).</summary>
    internal bool ProviderNeutralReader { get; set; }

    /// <summary>
    /// Verifies the chain as it stands when the call starts (entries appended meanwhile are left for the next run),
    /// then records the verification and its result in the trail.
    /// </summary>
    public async Task<ChainVerification> VerifyAsync(AuditHead? expectedHead = null, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAuditorAsync(writer, "verify the audit trail", cancellationToken: cancellationToken);
        var result = await VerifyChainAsync(expectedHead, progress, cancellationToken);
        await writer.RecordAsync(user, AuditActions.ChainVerified, null, new Dictionary<string, string?>
        {
            ["valid"] = result.IsValid ? "true" : "false",
            ["entriesChecked"] = result.EntriesChecked.ToString(CultureInfo.InvariantCulture),
            ["firstBadSequence"] = result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture),
            ["problem"] = result.Problem,
            ["head"] = result.Head.ToString(),
            ["expectedHead"] = expectedHead?.ToString(),
        }, cancellationToken);
        return result;
    }

    /// <summary>The check itself, without the role check or the audit entry (the export and the tests use it).</summary>
    /// <param name="upTo">Verify only the chain's first entries, up to this sequence number (the benchmarks use it).</param>
    internal async Task<ChainVerification> VerifyChainAsync(AuditHead? expectedHead, IProgress<double>? progress, CancellationToken cancellationToken,
        long? upTo = null)
    {
        long last;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            last = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        }
        if (upTo < last) last = upTo.Value;

        var segmentSize = Math.Max(1, SegmentSize);
        var segments = new Segment[(int)Math.Max(1, (last + segmentSize - 1) / segmentSize)];
        for (var i = 0; i < segments.Length; i++) segments[i] = new Segment(i * (long)segmentSize, Math.Min(last, (i + 1) * (long)segmentSize));

        var reporter = new ProgressReporter(progress, last);
        reporter.Report(0);
        await Parallel.ForEachAsync(segments, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (segment, token) => await VerifySegmentAsync(segment, expectedHead, reporter, token));

        // Segments in chain order: the first one that failed holds the chain's first bad entry.
        long checkedBefore = 0;
        var head = AuditHead.Empty;
        string? expectedHashSeen = null;
        foreach (var segment in segments)
        {
            if (segment.Failure is { } failure)
                return failure with { EntriesChecked = checkedBefore + failure.EntriesChecked };
            checkedBefore += segment.Checked;
            if (segment.Checked > 0) head = segment.Head;
            expectedHashSeen ??= segment.ExpectedHashSeen;
        }

        var result = head.Sequence < expectedHead?.Sequence
            ? new ChainVerification(false, checkedBefore, head.Sequence + 1,
                $"The chain ends at {head.Sequence}, but an earlier export saw entry {expectedHead.Sequence}: entries were removed.", head)
            : ChainVerification.Valid(checkedBefore, head);
        if (result.IsValid && expectedHead is { Sequence: > 0 } exported && expectedHashSeen is not null
            && !string.Equals(expectedHashSeen, exported.Hash, StringComparison.Ordinal))
        {
            result = result with
            {
                IsValid = false,
                FirstBadSequence = exported.Sequence,
                Problem = $"Entry {exported.Sequence} differs from the one an earlier export saw: entries up to it were rewritten.",
            };
        }
        reporter.Report(last);
        return result;
    }

    private async Task VerifySegmentAsync(Segment segment, AuditHead? expectedHead, ProgressReporter reporter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // The segment continues the chain from the stored entry before it (the previous segment checks that entry).
            var start = AuditHead.Empty;
            if (segment.After > 0)
            {
                await using var previous = connection.CreateCommand();
                previous.CommandText = """SELECT "Hash" FROM "AuditEntries" WHERE "Sequence" = @after""";
                AddParameter(previous, "@after", segment.After);
                if (await previous.ExecuteScalarAsync(cancellationToken) is not string hash)
                {
                    segment.Failure = new ChainVerification(false, 0, segment.After,
                        $"Entry {segment.After} is missing (the next stored entry is {segment.After + 1}).", AuditHead.Empty);
                    return;
                }
                start = new AuditHead(segment.After, hash);
            }

            var verifier = new AuditChainVerifier(start);
            var reported = connection is SqliteConnection sqlite && !ProviderNeutralReader
                ? ReadSqlite(sqlite, segment, expectedHead, verifier, reporter, OccurredAtFromTicks(db), cancellationToken)
                : await ReadAnyProviderAsync(connection, segment, expectedHead, verifier, reporter, OccurredAtFromProvider(db), cancellationToken);
            reporter.Advance(reported);
            segment.Checked = verifier.Count;
            segment.Head = verifier.Head;
            segment.Failure = verifier.Failure;
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

    private const string SegmentSql = """
        SELECT "Sequence", "OccurredAt", "ActorId", "ActorName", "Action", "DemandReference", "DetailsJson", "PreviousHash", "Hash"
        FROM "AuditEntries" WHERE "Sequence" > @after AND "Sequence" <= @upTo ORDER BY "Sequence"
        """;

    /// <summary>
    /// SQLite: the segment's rows through SQLite's own statement API, each field handed to the verifier as the UTF-8
    /// bytes in SQLite's row buffer (no string per field). Returns the rows read since the last progress report.
    /// </summary>
    private static long ReadSqlite(SqliteConnection connection, Segment segment, AuditHead? expectedHead, AuditChainVerifier verifier,
        ProgressReporter reporter, Func<long, DateTimeOffset> fromTicks, CancellationToken cancellationToken)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, SegmentSql, out var statement));
        try
        {
            Check(connection, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@after"), segment.After));
            Check(connection, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@upTo"), segment.UpTo));
            long sinceReport = 0;
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var entry = new StoredAuditEntry(raw.sqlite3_column_int64(statement, 0), fromTicks(raw.sqlite3_column_int64(statement, 1)),
                    raw.sqlite3_column_blob(statement, 2), raw.sqlite3_column_blob(statement, 3), raw.sqlite3_column_blob(statement, 4),
                    raw.sqlite3_column_type(statement, 5) == raw.SQLITE_NULL, raw.sqlite3_column_blob(statement, 5),
                    raw.sqlite3_column_blob(statement, 6), raw.sqlite3_column_blob(statement, 7), raw.sqlite3_column_blob(statement, 8));
                if (!verifier.Add(entry)) return sinceReport;
                if (entry.Sequence == expectedHead?.Sequence) segment.ExpectedHashSeen = Encoding.UTF8.GetString(entry.Hash);
                if (++sinceReport == ProgressInterval)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    reporter.Advance(sinceReport);
                    sinceReport = 0;
                }
            }
            if (step != raw.SQLITE_DONE) Check(connection, step);
            return sinceReport;
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    private static void Check(SqliteConnection connection, int result)
    {
        if (result != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(result, connection.Handle);
    }

    /// <summary>Any other provider: a plain data reader, one entry object a row.</summary>
    private static async Task<long> ReadAnyProviderAsync(DbConnection connection, Segment segment, AuditHead? expectedHead, AuditChainVerifier verifier,
        ProgressReporter reporter, Func<object, DateTimeOffset> fromProvider, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SegmentSql;
        AddParameter(command, "@after", segment.After);
        AddParameter(command, "@upTo", segment.UpTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long sinceReport = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = AuditEntry.FromStored(reader.GetInt64(0), fromProvider(reader.GetValue(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8));
            if (!verifier.Add(entry)) return sinceReport;
            if (entry.Sequence == expectedHead?.Sequence) segment.ExpectedHashSeen = entry.Hash;
            if (++sinceReport == ProgressInterval)
            {
                reporter.Advance(sinceReport);
                sinceReport = 0;
            }
        }
        return sinceReport;
    }

    /// <summary>SQLite keeps <see cref="AuditEntry.OccurredAt"/> as the converter's ticks.</summary>
    private static Func<long, DateTimeOffset> OccurredAtFromTicks(ComplianceDbContext db) =>
        ((ValueConverter<DateTimeOffset, long>)OccurredAtConverter(db)!).ConvertFromProviderTyped;

    /// <summary>The stored form of <see cref="AuditEntry.OccurredAt"/> back to a date (SQLite keeps ticks, SQL Server a datetimeoffset).</summary>
    private static Func<object, DateTimeOffset> OccurredAtFromProvider(ComplianceDbContext db) =>
        OccurredAtConverter(db) is { } converter ? value => (DateTimeOffset)converter.ConvertFromProvider(value)! : value => (DateTimeOffset)value;

    private static ValueConverter? OccurredAtConverter(ComplianceDbContext db) =>
        db.Model.FindEntityType(typeof(AuditEntry))!.FindProperty(nameof(AuditEntry.OccurredAt))!.GetTypeMapping().Converter;

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>One part of the chain: the entries after <see cref="After"/> up to and including <see cref="UpTo"/>.</summary>
    private sealed class Segment(long after, long upTo)
    {
        public long After { get; } = after;
        public long UpTo { get; } = upTo;
        public long Checked { get; set; }
        public AuditHead Head { get; set; } = AuditHead.Empty;
        public ChainVerification? Failure { get; set; }
        public string? ExpectedHashSeen { get; set; }
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
