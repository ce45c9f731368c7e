using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceReview.Domain.Demands;

/// <summary>A demand's reference, <c>LD-2026-000123</c>: year of receipt and a six-digit number within it.</summary>
public sealed partial record DemandReference
{
    public const int MaxLength = 14;

    private DemandReference(int year, int number)
    {
        Year = year;
        Number = number;
        Value = string.Create(CultureInfo.InvariantCulture, $"LD-{year:0000}-{number:000000}");
    }

    public int Year { get; }
    public int Number { get; }
    public string Value { get; }

    public override string ToString() => Value;

    public static DemandReference Create(int year, int number)
    {
        if (year is < 2000 or > 9999) throw new ArgumentOutOfRangeException(nameof(year));
        if (number is < 1 or > 999_999) throw new ArgumentOutOfRangeException(nameof(number), "A year holds at most 999,999 demands.");
        return new(year, number);
    }

    /// <summary>
    /// The reference after <paramref name="last"/> (the highest so far): numbers run on within the year of receipt
    /// (<paramref name="now"/>) and start again at 1 in a new year; a reference never goes back to an earlier year.
    /// </summary>
    public static DemandReference Next(DemandReference? last, DateTimeOffset now)
    {
        var year = now.UtcDateTime.Year;
        return last is not null && last.Year >= year ? Create(last.Year, last.Number + 1) : Create(year, 1);
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out DemandReference? reference)
    {
        reference = null;
        if (text is null) return false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        if (year < 2000 || number < 1) return false;
        reference = new(year, number);
        return true;
    }

    public static DemandReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new FormatException($"\"{text}\" is not a demand reference (LD-yyyy-nnnnnn).");

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse then rejects with an exception.
    [GeneratedRegex(@"^LD-([0-9]{4})-([0-9]{6})$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
