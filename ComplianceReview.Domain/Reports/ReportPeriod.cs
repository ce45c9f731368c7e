using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceReview.Domain.Reports;

/// <summary>A half-year of the transparency report, <c>2026-H2</c>; a demand belongs to the half-year it was received in (UTC).</summary>
public sealed partial record ReportPeriod : IComparable<ReportPeriod>
{
    private ReportPeriod(int year, int half)
    {
        Year = year;
        Half = half;
    }

    public int Year { get; }

    /// <summary>1 for January to June, 2 for July to December.</summary>
    public int Half { get; }

    /// <summary>The first instant of the period (UTC).</summary>
    public DateTimeOffset Start => new(Year, Half == 1 ? 1 : 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant after the period (UTC): periods are half-open, so no instant belongs to two.</summary>
    public DateTimeOffset EndExclusive => Start.AddMonths(6);

    public ReportPeriod Next => Half == 1 ? new(Year, 2) : new(Year + 1, 1);

    public static ReportPeriod Create(int year, int half)
    {
        if (year is < 2000 or > 9998) throw new ArgumentOutOfRangeException(nameof(year));
        if (half is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(half), "A half-year is 1 or 2.");
        return new(year, half);
    }

    public static ReportPeriod Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return Create(utc.Year, utc.Month <= 6 ? 1 : 2);
    }

    /// <summary>Every period from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static IEnumerable<ReportPeriod> Range(ReportPeriod first, ReportPeriod last)
    {
        for (var p = first; p.CompareTo(last) <= 0; p = p.Next) yield return p;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out ReportPeriod? period)
    {
        period = null;
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is null || !match.Success) return false;
        var year = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 9998) return false;
        period = new(year, match.Groups[2].ValueSpan[0] - '0');
        return true;
    }

    public static ReportPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"\"{text}\" is not a half-year period (for example 2026-H2).");

    public int CompareTo(ReportPeriod? other) => other is null ? 1 : (Year, Half).CompareTo((other.Year, other.Half));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-H{Half}");

    [GeneratedRegex("^([0-9]{4})-H([12])$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
