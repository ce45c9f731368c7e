using System.Globalization;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.Reports;

/// <summary>
/// One group of demands received in a period, as the database counts them: how many demands of a country, process type,
/// status and outcome, and how many specific accounts they name. The report is built from these rows only, so the
/// counting happens in SQL and no demand is loaded.
/// </summary>
public sealed record DemandGroupCount(string Country, ProcessType ProcessType, DemandStatus Status, Outcome? Outcome, int Demands, int Accounts);

/// <summary>
/// Percentages of the report. Rule: a share of the closed demands of its row, in percent, rounded to one decimal,
/// midpoint away from zero (12.25 -> 12.3); none when the row has no closed demand. Each share is rounded on its own,
/// so a row's four shares can add up to 99.9 or 100.1; the counts behind them are exact and published with them.
/// </summary>
public static class Percent
{
    public static decimal? Of(int part, int whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    public static string Format(decimal? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}

/// <summary>
/// A row of the disclosure tables (all demands but preservation requests, emergencies in a table of their own):
/// the demands received, the accounts they specify, those still open, and the closed ones by outcome.
/// </summary>
public sealed record OutcomeRow(string Country, int Requests, int Accounts, int Open, int ContentDisclosed, int NonContentOnly, int NoDataFound, int Rejected)
{
    /// <summary>The demands the percentages are shares of: every closed one (open demands are counted apart).</summary>
    public int Closed => ContentDisclosed + NonContentOnly + NoDataFound + Rejected;

    public decimal? PercentContent => Percent.Of(ContentDisclosed, Closed);
    public decimal? PercentNonContentOnly => Percent.Of(NonContentOnly, Closed);
    public decimal? PercentNoDataFound => Percent.Of(NoDataFound, Closed);
    public decimal? PercentRejected => Percent.Of(Rejected, Closed);

    public int Count(Outcome outcome) => outcome switch
    {
        Outcome.ContentDisclosed => ContentDisclosed,
        Outcome.NonContentOnly => NonContentOnly,
        Outcome.NoDataFound => NoDataFound,
        Outcome.Rejected => Rejected,
        _ => 0,
    };

    internal OutcomeRow Add(OutcomeRow other) => new(Country, Requests + other.Requests, Accounts + other.Accounts, Open + other.Open,
        ContentDisclosed + other.ContentDisclosed, NonContentOnly + other.NonContentOnly, NoDataFound + other.NoDataFound, Rejected + other.Rejected);

    internal static OutcomeRow Empty(string country) => new(country, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>A row of the preservation table: requests, accounts, and where they stand (nothing is disclosed for them).</summary>
public sealed record PreservationRow(string Country, int Requests, int Accounts, int Open, int Preserved, int Released, int Rejected)
{
    internal PreservationRow Add(PreservationRow other) => new(Country, Requests + other.Requests, Accounts + other.Accounts, Open + other.Open,
        Preserved + other.Preserved, Released + other.Released, Rejected + other.Rejected);

    internal static PreservationRow Empty(string country) => new(country, 0, 0, 0, 0, 0, 0);
}

/// <summary>A table's rows (one per country, ordered by code) and its total, which is their sum by construction.</summary>
public sealed record ReportTable<TRow>(IReadOnlyList<TRow> Rows, TRow Total);

/// <summary>One figure of the report, addressed by section, row and column; the unit of the published form and of differences.</summary>
public sealed record ReportCell(string Section, string Row, string Column, string Value)
{
    public string Key => $"{Section}/{Row}/{Column}";
}

/// <summary>
/// The transparency report of one half-year, per country: requests, accounts specified and outcomes. Preservation
/// requests and open demands are not in the percentages; they are counted in their own columns and table. Emergency
/// requests have their own table. Every total is the sum of its rows.
/// </summary>
public sealed class TransparencyReport
{
    public const string TotalRow = "Total";
    public const string RegularSection = "requests";
    public const string EmergencySection = "emergency";
    public const string PreservationSection = "preservation";

    private TransparencyReport(ReportPeriod period, ReportTable<OutcomeRow> requests, ReportTable<OutcomeRow> emergencies, ReportTable<PreservationRow> preservations)
    {
        Period = period;
        Requests = requests;
        Emergencies = emergencies;
        Preservations = preservations;
    }

    public ReportPeriod Period { get; }

    /// <summary>Subpoenas, court orders and search warrants.</summary>
    public ReportTable<OutcomeRow> Requests { get; }

    public ReportTable<OutcomeRow> Emergencies { get; }
    public ReportTable<PreservationRow> Preservations { get; }

    public static TransparencyReport Build(ReportPeriod period, IEnumerable<DemandGroupCount> groups)
    {
        ArgumentNullException.ThrowIfNull(period);
        var list = groups.ToList();
        return new TransparencyReport(period,
            OutcomeTable(list.Where(g => g.ProcessType is not (ProcessType.EmergencyRequest or ProcessType.PreservationRequest))),
            OutcomeTable(list.Where(g => g.ProcessType == ProcessType.EmergencyRequest)),
            PreservationTable(list.Where(g => g.ProcessType == ProcessType.PreservationRequest)));
    }

    /// <summary>Every figure, in a fixed order: section, then rows by country with the total last, then columns.</summary>
    public IReadOnlyList<ReportCell> Cells()
    {
        var cells = new List<ReportCell>();
        void AddOutcomes(string section, ReportTable<OutcomeRow> table)
        {
            foreach (var row in table.Rows.Append(table.Total))
            {
                foreach (var (column, value) in OutcomeColumns(row)) cells.Add(new(section, row.Country, column, value));
            }
        }
        AddOutcomes(RegularSection, Requests);
        AddOutcomes(EmergencySection, Emergencies);
        foreach (var row in Preservations.Rows.Append(Preservations.Total))
        {
            foreach (var (column, value) in PreservationColumns(row)) cells.Add(new(PreservationSection, row.Country, column, value));
        }
        return cells;
    }

    public static readonly IReadOnlyList<string> OutcomeColumnNames =
        ["requests", "accounts", "open", "closed", "content", "nonContentOnly", "noDataFound", "rejected", "pctContent", "pctNonContentOnly", "pctNoDataFound", "pctRejected"];

    public static readonly IReadOnlyList<string> PreservationColumnNames = ["requests", "accounts", "open", "preserved", "released", "rejected"];

    private static IEnumerable<(string, string)> OutcomeColumns(OutcomeRow r) =>
    [
        ("requests", Text(r.Requests)), ("accounts", Text(r.Accounts)), ("open", Text(r.Open)), ("closed", Text(r.Closed)),
        ("content", Text(r.ContentDisclosed)), ("nonContentOnly", Text(r.NonContentOnly)), ("noDataFound", Text(r.NoDataFound)), ("rejected", Text(r.Rejected)),
        ("pctContent", Percent.Format(r.PercentContent)), ("pctNonContentOnly", Percent.Format(r.PercentNonContentOnly)),
        ("pctNoDataFound", Percent.Format(r.PercentNoDataFound)), ("pctRejected", Percent.Format(r.PercentRejected)),
    ];

    private static IEnumerable<(string, string)> PreservationColumns(PreservationRow r) =>
    [
        ("requests", Text(r.Requests)), ("accounts", Text(r.Accounts)), ("open", Text(r.Open)),
        ("preserved", Text(r.Preserved)), ("released", Text(r.Released)), ("rejected", Text(r.Rejected)),
    ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ReportTable<OutcomeRow> OutcomeTable(IEnumerable<DemandGroupCount> groups)
    {
        var rows = groups.GroupBy(g => g.Country).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(country => country.Select(OutcomeRowOf).Aggregate(OutcomeRow.Empty(country.Key), (sum, row) => sum.Add(row)))
            .ToList();
        return new(rows, rows.Aggregate(OutcomeRow.Empty(TotalRow), (sum, row) => sum.Add(row)));
    }

    private static OutcomeRow OutcomeRowOf(DemandGroupCount g)
    {
        // A closed demand is counted by its stored outcome; anything without one is still open.
        var closed = g.Status is DemandStatus.Disclosed or DemandStatus.Rejected && g.Outcome is not null;
        int If(Outcome outcome) => closed && g.Outcome == outcome ? g.Demands : 0;
        return new(g.Country, g.Demands, g.Accounts, closed ? 0 : g.Demands,
            If(Outcome.ContentDisclosed), If(Outcome.NonContentOnly), If(Outcome.NoDataFound), If(Outcome.Rejected));
    }

    private static ReportTable<PreservationRow> PreservationTable(IEnumerable<DemandGroupCount> groups)
    {
        var rows = groups.GroupBy(g => g.Country).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(country => country.Select(g => new PreservationRow(g.Country, g.Demands, g.Accounts,
                    g.Status is DemandStatus.Received or DemandStatus.InReview ? g.Demands : 0,
                    g.Status == DemandStatus.Preserved ? g.Demands : 0,
                    g.Status == DemandStatus.Released ? g.Demands : 0,
                    g.Status == DemandStatus.Rejected ? g.Demands : 0))
                .Aggregate(PreservationRow.Empty(country.Key), (sum, row) => sum.Add(row)))
            .ToList();
        return new(rows, rows.Aggregate(PreservationRow.Empty(TotalRow), (sum, row) => sum.Add(row)));
    }
}
