using System.Globalization;
using System.Text;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

public enum DemandSort
{
    DueAsc,
    DueDesc,
    ReceivedAsc,
    ReceivedDesc,
}

public enum DueWindow
{
    Any,
    Overdue,
    DueSoon,
}

/// <summary>Where the next page starts: the (sort date, id) of the last row shown. Rows strictly after it come next.</summary>
public sealed record DemandCursor(DateTimeOffset SortDate, Guid Id)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{SortDate.UtcTicks}.{Id:N}");

    public static DemandCursor? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return null;
        if (!long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return null;
        if (!Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id)) return null;
        return new DemandCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
    }
}

/// <summary>
/// The queue's filters, sort, page size and keyset cursor. It round-trips through the URL query string, so a filtered
/// view can be shared and survives a reload; unknown or malformed values fall back to "no filter" instead of failing.
/// <see cref="Search"/> is the exception: it is often a customer's e-mail address, account id or phone number, and a URL
/// ends up in request logs, browser history and proxies, so it is never written to the URL nor read from it.
/// </summary>
public sealed record DemandQuery
{
    public const int DefaultPageSize = 25;
    public static readonly IReadOnlyList<int> PageSizes = [10, 25, 50, 100];

    public DemandStatus? Status { get; init; }
    public ProcessType? ProcessType { get; init; }
    public string? Country { get; init; }
    public string? Agency { get; init; }
    public DueWindow Due { get; init; }
    public bool EmergencyOnly { get; init; }
    public string? Search { get; init; }

    /// <summary>
    /// Every identifier of the account the search names (set by <see cref="DemandQueue"/> from the customer data, never from
    /// the URL): a demand naming that customer by any of them matches.
    /// </summary>
    public IReadOnlyList<string> SearchIdentifiers { get; init; } = [];

    /// <summary>Whose work: a reviewer's stable id, <see cref="Unassigned"/>, or null for anyone's.</summary>
    public string? Assignee { get; init; }

    /// <summary>The <see cref="Assignee"/> value for demands nobody is assigned to.</summary>
    public const string Unassigned = "none";

    public DemandSort Sort { get; init; }
    public int PageSize { get; init; } = DefaultPageSize;
    public DemandCursor? After { get; init; }

    /// <summary>Builds a query from the raw URL values (as <c>[SupplyParameterFromQuery]</c> supplies them).</summary>
    public static DemandQuery FromValues(string? status, string? type, string? country, string? agency, string? due, string? emergency,
        string? sort, string? size, string? after, string? assignee = null) => new()
        {
            Assignee = Blank(assignee) is { Length: <= Domain.Common.UserRef.MaxIdLength } id ? id : null,
            Status = ParseEnum<DemandStatus>(status),
            ProcessType = ParseEnum<ProcessType>(type),
            Country = Countries.IsAssigned(country) ? country!.Trim().ToUpperInvariant() : null,
            Agency = Blank(agency),
            Due = ParseEnum<DueWindow>(due) ?? DueWindow.Any,
            EmergencyOnly = emergency is not null && (emergency.Equals("true", StringComparison.OrdinalIgnoreCase) || emergency == "1"),
            Sort = ParseEnum<DemandSort>(sort) ?? DemandSort.DueAsc,
            PageSize = int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && PageSizes.Contains(n) ? n : DefaultPageSize,
            After = DemandCursor.TryParse(after),
        };

    /// <summary>Parses a query string such as <c>?status=InReview&amp;due=overdue</c>.</summary>
    public static DemandQuery Parse(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => values.TryGetValue(key, out var v) ? v.ToString() : null;
        return FromValues(Get(Keys.Status), Get(Keys.Type), Get(Keys.Country), Get(Keys.Agency), Get(Keys.Due), Get(Keys.Emergency),
            Get(Keys.Sort), Get(Keys.Size), Get(Keys.After), Get(Keys.Assignee));
    }

    /// <summary>
    /// The query string for this query, with only the values that differ from the defaults (empty string for none).
    /// Never the search.
    /// </summary>
    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (value is not null) parts.Add(new(key, value));
        }

        Add(Keys.Status, Status?.ToString());
        Add(Keys.Type, ProcessType?.ToString());
        Add(Keys.Country, Country);
        Add(Keys.Agency, Agency);
        Add(Keys.Due, Due == DueWindow.Any ? null : Due.ToString().ToLowerInvariant());
        Add(Keys.Emergency, EmergencyOnly ? "true" : null);
        Add(Keys.Assignee, Assignee);
        Add(Keys.Sort, Sort == DemandSort.DueAsc ? null : Sort.ToString());
        Add(Keys.Size, PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture));
        Add(Keys.After, After?.ToString());
        return parts.Count == 0 ? "" : QueryString.Create(parts).ToUriComponent();
    }

    /// <summary>The same filters and sort, from the first page.</summary>
    public DemandQuery FirstPage() => this with { After = null };

    public bool SortsByDueDate => Sort is DemandSort.DueAsc or DemandSort.DueDesc;
    public bool Descending => Sort is DemandSort.DueDesc or DemandSort.ReceivedDesc;

    private static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The URL parameter names; the queue page's <c>[SupplyParameterFromQuery]</c> properties use the same.</summary>
    public static class Keys
    {
        public const string Status = "status";
        public const string Type = "type";
        public const string Country = "country";
        public const string Agency = "agency";
        public const string Due = "due";
        public const string Emergency = "emergency";
        public const string Sort = "sort";
        public const string Size = "size";
        public const string After = "after";
        public const string Assignee = "assignee";
    }
}

public sealed record DemandQueueRow(Guid Id, string Reference, string Agency, string Country, string CaseNumber, ProcessType ProcessType,
    DemandStatus Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string? Assignee = null)
{
    public bool IsOpen => Status.IsOpen();
}

public sealed record TimelineEntry(long Sequence, DateTimeOffset OccurredAt, string Actor, string Action, string DetailsJson);

/// <summary>One page of the queue; <see cref="Next"/> is null on the last page.</summary>
public sealed record DemandQueuePage(IReadOnlyList<DemandQueueRow> Rows, DemandCursor? Next);

public sealed record DemandQueueOptions(IReadOnlyList<string> Countries, IReadOnlyList<string> Agencies);

/// <summary>
/// The demand queue: filtered, sorted by due or received date, paged by keyset on (date, id) so a deep page costs the
/// same as the first one (no OFFSET). The indexes (Status, DueAt, Id), (Status, ReceivedAt, Id), (DueAt, Id) and
/// (ReceivedAt, Id) serve the sort and the cursor.
/// </summary>
public sealed class DemandQueue(IDbContextFactory<ComplianceDbContext> contexts, TimeProvider time, Domain.CustomerData.ICustomerDataSource customerData)
{
    // An array for EF's IN list; the statuses are the domain's one list.
    public static readonly DemandStatus[] OpenStatuses = [.. OpenDemands.Statuses];

    public Task<DemandQueuePage> PageAsync(DemandQuery query, CancellationToken cancellationToken = default) =>
        PageAsync(query, precompiled: true, cancellationToken);

    /// <summary>
    /// One page. With <paramref name="precompiled"/>, the common shapes (see <see cref="CompiledQueue"/>) run as
    /// compiled queries; without it every query goes through <see cref="Build"/> (tests compare the two).
    /// </summary>
    internal async Task<DemandQueuePage> PageAsync(DemandQuery query, bool precompiled, CancellationToken cancellationToken = default)
    {
        if (query.Search is { } search && !DemandReference.TryParse(search, out _) && AccountIdentifier.TryParse(search, out var identifier, out _))
        {
            var identifiers = await customerData.IdentifiersOfAccountAsync(identifier, cancellationToken);
            query = query with { SearchIdentifiers = identifiers.Select(i => i.Value).Distinct().ToList() };
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await RowsAsync(db, query, time.GetUtcNow(), precompiled, cancellationToken);
        if (rows.Count <= query.PageSize) return new DemandQueuePage(rows, null);
        var page = rows.Take(query.PageSize).ToList();
        var last = page[^1];
        return new DemandQueuePage(page, new DemandCursor(query.SortsByDueDate ? last.DueAt : last.ReceivedAt, last.Id));
    }

    /// <summary>The page's rows and one more (to know if there is a next page): compiled for the common shapes, else built.</summary>
    internal static Task<List<DemandQueueRow>> RowsAsync(ComplianceDbContext db, DemandQuery query, DateTimeOffset now, bool precompiled,
        CancellationToken cancellationToken) =>
        precompiled && CompiledQueue.Covers(query)
            ? CompiledQueue.ToListAsync(db, query, cancellationToken)
            : Build(db, query, now).ToListAsync(cancellationToken);

    /// <summary>The countries and agencies that occur, for the filter lists.</summary>
    public async Task<DemandQueueOptions> OptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var countries = await db.Demands.AsNoTracking().Select(d => d.Agency.CountryCode).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        var agencies = await db.Demands.AsNoTracking().Select(d => d.Agency.Name).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        return new DemandQueueOptions(countries, agencies);
    }

    /// <summary>What happened to a demand: its audit entries in chain order (the page that shows them audits the view).</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (!DemandReference.TryParse(reference, out var parsed)) return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.DemandReference == parsed.Value)
            .OrderBy(e => e.Sequence)
            .Select(e => new TimelineEntry(e.Sequence, e.OccurredAt, e.ActorName, e.Action, e.DetailsJson))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The page's SQL built at run time: the demands narrowed by what only this path handles (emergencies only, due window,
    /// assignee, search), then the queue's one page query over them (<see cref="CompiledQueue.Over"/>: filters, keyset, order, one
    /// row more than the page).
    /// </summary>
    internal static IQueryable<DemandQueueRow> Build(ComplianceDbContext db, DemandQuery query, DateTimeOffset now) =>
        CompiledQueue.Over(Narrow(db.Demands.AsNoTracking(), query, now), query);

    private static IQueryable<LegalDemand> Narrow(IQueryable<LegalDemand> demands, DemandQuery query, DateTimeOffset now)
    {
        if (query.EmergencyOnly) demands = demands.Where(d => d.ProcessType == ProcessType.EmergencyRequest);

        switch (query.Due)
        {
            case DueWindow.Overdue:
                demands = demands.Where(d => OpenStatuses.Contains(d.Status) && d.DueAt < now);
                break;
            case DueWindow.DueSoon:
                var soon = now + OpenDemands.DueSoonWindow;
                demands = demands.Where(d => OpenStatuses.Contains(d.Status) && d.DueAt >= now && d.DueAt <= soon);
                break;
        }

        if (query.Assignee == DemandQuery.Unassigned) demands = demands.Where(d => d.AssignedReviewerId == null);
        else if (query.Assignee is { } assignee) demands = demands.Where(d => d.AssignedReviewerId == assignee);

        if (query.Search is { } search) demands = Search(demands, search, query.SearchIdentifiers);
        return demands;
    }

    /// <summary>
    /// A full reference matches exactly (unique index); otherwise the text is looked for in the case number, the agency
    /// and the targets as received, and as a normalised identifier in the targets' values (indexed).
    /// </summary>
    private static IQueryable<LegalDemand> Search(IQueryable<LegalDemand> demands, string search, IReadOnlyList<string> accountIdentifiers)
    {
        if (DemandReference.TryParse(search, out var reference)) return demands.Where(d => d.Reference == reference);

        var pattern = "%" + EscapeLike(search) + "%";
        var normalised = AccountIdentifier.TryParse(search, out var identifier, out _) ? identifier.Value : null;
        // The searched identifier and, when it names one account, that account's other identifiers (Value is indexed).
        List<string> values = normalised is null ? [] : [normalised, .. accountIdentifiers.Where(v => v != normalised)];
        return demands.Where(d =>
            EF.Functions.Like(d.CaseNumber, pattern, LikeEscape) ||
            EF.Functions.Like(d.Agency.Name, pattern, LikeEscape) ||
            d.Targets.Any(t => (t.Value != null && values.Contains(t.Value)) || EF.Functions.Like(t.Raw, pattern, LikeEscape)));
    }

    private const string LikeEscape = "\\";

    private static string EscapeLike(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '[' or '\\') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
