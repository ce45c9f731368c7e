using System.Globalization;
using System.Text;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Audit;

public enum AuditExportFormat
{
    Csv,
    Pdf,
}

/// <summary>An export that has been authorised and recorded; <see cref="Head"/> is the export's own audit entry.</summary>
public sealed record AuditLogExport(DateOnly From, DateOnly To, AuditExportFormat Format, AuditHead Head, DateTimeOffset ExportedAt, UserRef ExportedBy)
{
    public AuditFilter Filter => new() { From = From, To = To };

    public string FileName => AuditExportText.SafeFileName(
        $"audit-log_{From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}_{To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{Format.ToString().ToLowerInvariant()}");
}

/// <summary>The export was not made: the request is invalid (maps to 400) and nothing was recorded.</summary>
public sealed class ExportRefusedException(string message) : Exception(message);

/// <summary>
/// Auditor exports: the audit log for a date range (CSV, or the content of the PDF) and the case record of one demand.
/// <para>
/// Every export is recorded <em>before</em> its file is produced, in its own transaction, and the head digest printed
/// in the file is that entry's (sequence + hash). So the file proves its own export was recorded, and the file holds
/// the chain exactly up to that entry: entries appended by other users while the file is written are left out, which
/// keeps the printed digest and the rows consistent. If producing the file then fails, the trail says an export was
/// attempted; that errs on the side of recording too much, which is the right side for an audit trail.
/// </para>
/// </summary>
public sealed class AuditExportService(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    ICustomerDataSource customerData,
    TimeProvider time)
{
    /// <summary>A PDF beyond this is unreadable and slow to render; the CSV has no limit.</summary>
    public const int MaxPdfEntries = 10_000;

    public const int CsvBatchSize = 2000;

    public static readonly IReadOnlyList<string> CsvColumns =
        ["Sequence", "OccurredAtUtc", "ActorId", "ActorName", "Action", "ActionText", "DemandReference", "Details", "PreviousHash", "Hash"];

    /// <summary>Checks the caller and the range, then records the export; the result says what to write.</summary>
    public async Task<AuditLogExport> BeginAuditLogExportAsync(DateOnly from, DateOnly to, AuditExportFormat format,
        CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAuditorAsync(writer, "export the audit log", cancellationToken: cancellationToken);
        if (to < from) throw new ExportRefusedException("The end date is before the start date.");
        if (format == AuditExportFormat.Pdf)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var count = await AuditLogQueries.Apply(db.AuditEntries, new AuditFilter { From = from, To = to }).CountAsync(cancellationToken);
            if (count > MaxPdfEntries)
                throw new ExportRefusedException($"The range holds {count:N0} entries; a PDF holds at most {MaxPdfEntries:N0}. Narrow the range or export CSV.");
        }

        var entry = await writer.WriteAsync(db => writer.Audit.AppendAsync(db, user, AuditActions.AuditExported, null, new Dictionary<string, string?>
        {
            ["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["format"] = format.ToString(),
        }, cancellationToken), cancellationToken);
        return new AuditLogExport(from, to, format, new AuditHead(entry.Sequence, entry.Hash), entry.OccurredAt, user);
    }

    /// <summary>
    /// Streams the range as CSV (UTF-8 with a byte-order mark so spreadsheets read names correctly, CRLF line ends):
    /// a header line, one line per entry up to the export's own entry, then the head digest line.
    /// </summary>
    public async Task WriteCsvAsync(AuditLogExport export, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        await using var writerOut = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await writerOut.WriteLineAsync(AuditExportText.CsvLine(CsvColumns));
        await foreach (var entry in EntriesAsync(export, CsvBatchSize, cancellationToken))
        {
            await writerOut.WriteLineAsync(AuditExportText.CsvLine(
            [
                entry.Sequence.ToString(CultureInfo.InvariantCulture),
                AuditExportText.IsoTime(entry.OccurredAt),
                entry.ActorId,
                entry.ActorName,
                entry.Action,
                Words.OfAuditAction(entry.Action),
                entry.DemandReference,
                entry.DetailsJson,
                entry.PreviousHash,
                entry.Hash,
            ]));
        }
        await writerOut.WriteLineAsync(AuditExportText.CsvField(AuditExportText.HeadDigestLine(export.Head)));
        await writerOut.FlushAsync(cancellationToken);
    }

    /// <summary>The audit log's PDF content: the range, the head digest and the entries, oldest first.</summary>
    public async Task<RecordDocument> BuildAuditLogDocumentAsync(AuditLogExport export, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        var rows = new List<IReadOnlyList<string>>();
        await foreach (var entry in EntriesAsync(export, CsvBatchSize, cancellationToken)) rows.Add(EntryRow(entry));
        var range = $"{export.From:yyyy-MM-dd} to {export.To:yyyy-MM-dd} (UTC days, both included)";
        return new RecordDocument(
            "Audit log",
            range,
            export.ExportedAt,
            export.ExportedBy.Name,
            export.Head,
            [
                RecordSection.OfFields("Export",
                    new("Date range", range),
                    new("Entries", rows.Count.ToString("N0", CultureInfo.InvariantCulture)),
                    new("Exported by", $"{export.ExportedBy.Name} ({export.ExportedBy.Id})"),
                    new("Exported at", AuditExportText.Time(export.ExportedAt)),
                    new(AuditExportText.HeadDigestLabel, export.Head.ToString())),
                RecordSection.OfTable("Entries", EntryTable(rows), "No entries in this range."),
            ]);
    }

    /// <summary>Checks the caller, records the export against the demand, and builds the case record.</summary>
    public async Task<RecordDocument> ExportCaseRecordAsync(string reference, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAuditorAsync(writer, "export a case record", reference, cancellationToken);
        if (!DemandReference.TryParse(reference, out var parsed)) throw new DemandNotFoundException(reference);

        LegalDemand demand;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            demand = await db.Demands.AsNoTracking().Include(d => d.Decisions).Include(d => d.SignOffs).AsSplitQuery()
                .SingleOrDefaultAsync(d => d.Reference == parsed, cancellationToken) ?? throw new DemandNotFoundException(reference);
        }

        var recorded = await writer.WriteAsync(db => writer.Audit.AppendAsync(db, user, AuditActions.CaseRecordExported, parsed.Value,
            new Dictionary<string, string?> { ["format"] = nameof(AuditExportFormat.Pdf) }, cancellationToken), cancellationToken);
        var head = new AuditHead(recorded.Sequence, recorded.Hash);

        List<AuditEntry> entries;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            entries = await db.AuditEntries.AsNoTracking()
                .Where(e => e.DemandReference == parsed.Value && e.Sequence <= head.Sequence)
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
        }

        var resolutions = await customerData.ResolveAsync(demand.RequestedScope.Identifiers, cancellationToken);
        var findings = PreChecks.Evaluate(demand, resolutions.Of, time.GetUtcNow());
        return CaseRecordContent.Build(demand, findings, entries, head, recorded.OccurredAt, user);
    }

    private async IAsyncEnumerable<AuditEntry> EntriesAsync(AuditLogExport export, int batchSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<AuditEntry> batch;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                batch = await AuditLogQueries.Apply(db.AuditEntries.AsNoTracking(), export.Filter)
                    .Where(e => e.Sequence > after && e.Sequence <= export.Head.Sequence)
                    .OrderBy(e => e.Sequence)
                    .Take(batchSize)
                    .ToListAsync(cancellationToken);
            }
            foreach (var entry in batch) yield return entry;
            if (batch.Count < batchSize) yield break;
            after = batch[^1].Sequence;
        }
    }

    internal static RecordTable EntryTable(IReadOnlyList<IReadOnlyList<string>> rows) => new(
        [new("Seq.", 0.6), new("Time (UTC)", 1.4), new("Actor", 1.3), new("Action", 1.3), new("Demand", 1.1), new("Details", 3), new("Hash", 2)],
        rows);

    internal static IReadOnlyList<string> EntryRow(AuditEntry entry) =>
    [
        entry.Sequence.ToString(CultureInfo.InvariantCulture),
        AuditExportText.Time(entry.OccurredAt),
        $"{entry.ActorName} ({entry.ActorId})",
        Words.OfAuditAction(entry.Action),
        entry.DemandReference ?? "",
        string.Join("; ", AuditLogQueries.Details(entry).Where(d => d.Value is not null).Select(d => $"{d.Key}: {d.Value}")),
        entry.Hash,
    ];
}
