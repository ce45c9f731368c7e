using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class DemandReferenceTests
{
    public static TheoryData<string, int, int, string> Valid => new()
    {
        { "LD-2026-000123", 2026, 123, "LD-2026-000123" },
        { "ld-2026-000123", 2026, 123, "LD-2026-000123" },
        { "  LD-2026-000123 ", 2026, 123, "LD-2026-000123" },
        { "LD-2000-000001", 2000, 1, "LD-2000-000001" },
        { "LD-9999-999999", 9999, 999_999, "LD-9999-999999" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void ParsesAndFormatsCanonically(string text, int year, int number, string formatted)
    {
        Assert.True(DemandReference.TryParse(text, out var reference));
        Assert.Equal((year, number), (reference.Year, reference.Number));
        Assert.Equal(formatted, reference.Value);
        Assert.Equal(formatted, reference.ToString());
        Assert.Equal(reference, DemandReference.Parse(text));
        Assert.Equal(reference, DemandReference.Create(year, number));
        Assert.True(reference.Value.Length <= DemandReference.MaxLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("LD-2026-123")]
    [InlineData("LD-2026-0001234")]
    [InlineData("LD-26-000123")]
    [InlineData("LD 2026 000123")]
    [InlineData("XX-2026-000123")]
    [InlineData("LD-2026-000000")]
    [InlineData("LD-1999-000123")]
    [InlineData("LD-2026-000123-1")]
    [InlineData("LD-2026-00012a")]
    [InlineData("LD-٢٠٢٦-000123")] // Arabic-Indic digits: \d would match them, int.Parse would not
    [InlineData("LD-2026-１２３４５６")] // full-width digits
    public void RefusesAnythingElse(string? text)
    {
        Assert.False(DemandReference.TryParse(text, out var reference));
        Assert.Null(reference);
        Assert.Throws<FormatException>(() => DemandReference.Parse(text!));
    }

    [Theory]
    [InlineData(1999, 1)]
    [InlineData(10_000, 1)]
    [InlineData(2026, 0)]
    [InlineData(2026, 1_000_000)]
    public void CreateRefusesOutOfRangeParts(int year, int number)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemandReference.Create(year, number));
    }

    [Theory]
    [InlineData(null, "2026-03-01T00:00:00Z", "LD-2026-000001")]
    [InlineData("LD-2026-000041", "2026-12-31T23:59:59Z", "LD-2026-000042")]
    [InlineData("LD-2026-000041", "2027-01-01T00:00:00Z", "LD-2027-000001")]
    // A clock set back never makes a reference of an earlier year than the last.
    [InlineData("LD-2027-000005", "2026-06-01T00:00:00Z", "LD-2027-000006")]
    public void NextRunsOnWithinTheYearOfTheClockAndStartsAgainInANewYear(string? last, string now, string expected) =>
        Assert.Equal(expected, DemandReference.Next(last is null ? null : DemandReference.Parse(last),
            DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)).Value);
}
