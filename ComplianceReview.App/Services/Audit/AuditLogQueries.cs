using System.Text.Json;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Audit;

/// <summary>The entry browser's filter; every part is optional. Dates are UTC days, both included.</summary>
public sealed record AuditFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>Matches the actor's stable id exactly or a part of their display name.</summary>
    public string? Actor { get; init; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public string? Action { get; init; }

    public string? DemandReference { get; init; }

    public static readonly AuditFilter None = new();
}

/// <summary>Where a page starts: entries older than a sequence (the next page) or newer than one (the previous page).</summary>
public sealed record AuditCursor(long Sequence, bool Older)
{
    public static AuditCursor OlderThan(long sequence) => new(sequence, true);
    public static AuditCursor NewerThan(long sequence) => new(sequence, false);
}

/// <summary>One page of entries, newest first.</summary>
public sealed record AuditEntryPage(IReadOnlyList<AuditEntry> Entries, bool HasOlder, bool HasNewer)
{
    public AuditCursor? Older => HasOlder && Entries.Count > 0 ? AuditCursor.OlderThan(Entries[^1].Sequence) : null;
    public AuditCursor? Newer => HasNewer && Entries.Count > 0 ? AuditCursor.NewerThan(Entries[0].Sequence) : null;
}

/// <summary>The last entry of the chain and when it was written.</summary>
public sealed record AuditChainState(AuditHead Head, DateTimeOffset? LastEntryAt, AuditEntry? LastVerification);

/// <summary>
/// Read side of the audit trail for auditors: the head and the filterable, server-side paged entry browser.
/// Paging is by keyset on <see cref="AuditEntry.Sequence"/> (never OFFSET), so page 10 000 costs what page 1 costs.
/// </summary>
public sealed class AuditLogQueries(IDbContextFactory<ComplianceDbContext> contexts, ComplianceWriter writer, ICurrentUser currentUser)
{
    public const int MaxPageSize = 200;

    public async Task<AuditChainState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAuditorAsync(writer, "see the audit trail", cancellationToken: cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        var verification = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.ChainVerified)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        return new AuditChainState(last is null ? AuditHead.Empty : new AuditHead(last.Sequence, last.Hash), last?.OccurredAt, verification);
    }

    public async Task<AuditEntryPage> PageAsync(AuditFilter filter, AuditCursor? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await currentUser.RequireAuditorAsync(writer, "browse the audit trail", cancellationToken: cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.AuditEntries.AsNoTracking(), filter);

        if (cursor is null || cursor.Older)
        {
            if (cursor is not null) query = query.Where(e => e.Sequence < cursor.Sequence);
            var rows = await query.OrderByDescending(e => e.Sequence).Take(size + 1).ToListAsync(cancellationToken);
            return new AuditEntryPage(rows.Take(size).ToList(), rows.Count > size, cursor is not null);
        }

        var newer = await query.Where(e => e.Sequence > cursor.Sequence).OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        var page = newer.Take(size).Reverse().ToList();
        return new AuditEntryPage(page, true, newer.Count > size);
    }

    /// <summary>The filter as SQL; shared with the export so the page and the file select the same rows.</summary>
    internal static IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(e => e.ActorId == actor || e.ActorName.Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action == action);
        }
        if (!string.IsNullOrWhiteSpace(filter.DemandReference))
        {
            // A reference that does not parse matches nothing rather than everything.
            var reference = DemandReference.TryParse(filter.DemandReference, out var parsed) ? parsed.Value : filter.DemandReference.Trim();
            query = query.Where(e => e.DemandReference == reference);
        }
        return query;
    }

    /// <summary>Every action name, for the filter's drop-down.</summary>
    public static IReadOnlyList<string> ActionNames { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The details JSON as readable <c>key: value</c> pairs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Details(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return JsonSerializer.Deserialize<SortedDictionary<string, string?>>(entry.DetailsJson)?.ToList() ?? [];
        }
        catch (JsonException)
        {
            return [new("details", entry.DetailsJson)];
        }
    }
}
