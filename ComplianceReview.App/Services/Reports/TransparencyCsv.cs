using System.Globalization;
using System.Text;
using ComplianceReview.Domain.Reports;

namespace ComplianceReview.App.Services.Reports;

/// <summary>
/// The report as CSV (RFC 4180): a header row, one row per country and section with the total last, comma-separated,
/// CRLF line ends, fields quoted when they hold a comma, quote or line break. Percentages use the report's rounding
/// and are empty where a row has no closed demand; columns that do not apply to a section are empty.
/// </summary>
public static class TransparencyCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "period", "section", "country", "requests", "accounts_specified", "open", "closed",
        "content_disclosed", "non_content_only", "no_data_found", "rejected",
        "pct_content", "pct_non_content_only", "pct_no_data_found", "pct_rejected", "preserved", "released",
    ];

    public static string Write(TransparencyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, Header);
        var period = report.Period.ToString();
        foreach (var (section, table) in new[] { (TransparencyReport.RegularSection, report.Requests), (TransparencyReport.EmergencySection, report.Emergencies) })
        {
            foreach (var r in table.Rows.Append(table.Total))
            {
                Line(csv, [period, section, r.Country, N(r.Requests), N(r.Accounts), N(r.Open), N(r.Closed),
                    N(r.ContentDisclosed), N(r.NonContentOnly), N(r.NoDataFound), N(r.Rejected),
                    P(r.PercentContent), P(r.PercentNonContentOnly), P(r.PercentNoDataFound), P(r.PercentRejected), "", ""]);
            }
        }
        foreach (var r in report.Preservations.Rows.Append(report.Preservations.Total))
        {
            Line(csv, [period, TransparencyReport.PreservationSection, r.Country, N(r.Requests), N(r.Accounts), N(r.Open), "",
                "", "", "", N(r.Rejected), "", "", "", "", N(r.Preserved), N(r.Released)]);
        }
        return csv.ToString();
    }

    public static string Escape(string field)
    {
        // A leading =, +, -, @ makes spreadsheets evaluate a cell as a formula; none of the report's own values start so,
        // but a field that does is neutralised with a leading apostrophe.
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            field = "'" + field;
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields) => csv.AppendJoin(',', fields.Select(Escape)).Append("\r\n");

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string P(decimal? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "";
}
