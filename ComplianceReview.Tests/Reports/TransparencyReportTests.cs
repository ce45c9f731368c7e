using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Reports;

namespace ComplianceReview.Tests.Reports;

/// <summary>The pure report model: rounding, totals, what counts where.</summary>
public sealed class TransparencyReportTests
{
    private static readonly ReportPeriod Period = ReportPeriod.Parse("2026-H1");

    [Theory]
    [InlineData(1, 3, "33.3")]
    [InlineData(2, 3, "66.7")]
    [InlineData(1, 8, "12.5")]
    [InlineData(1, 16, "6.3")]   // 6.25: midpoint, away from zero
    [InlineData(1, 1600, "0.1")] // 0.0625 rounds to 0.1
    [InlineData(1, 2001, "0.0")]
    [InlineData(0, 5, "0.0")]
    [InlineData(5, 5, "100.0")]
    [InlineData(0, 0, "-")]
    public void PercentagesAreRoundedToOneDecimalHalfAwayFromZero(int part, int whole, string expected) =>
        Assert.Equal(expected, Percent.Format(Percent.Of(part, whole)));

    [Fact]
    public void ClosedDemandsCountByOutcomeAndOpenOnesApart()
    {
        var report = TransparencyReport.Build(Period,
        [
            new("US", ProcessType.Subpoena, DemandStatus.Disclosed, Outcome.NonContentOnly, 3, 4),
            new("US", ProcessType.CourtOrder, DemandStatus.Disclosed, Outcome.NonContentOnly, 1, 1),
            new("US", ProcessType.CourtOrder, DemandStatus.AwaitingSignOff, null, 2, 2),
            new("US", ProcessType.SearchWarrant, DemandStatus.Rejected, Outcome.Rejected, 1, 0),
            new("US", ProcessType.EmergencyRequest, DemandStatus.Disclosed, Outcome.ContentDisclosed, 1, 1),
            new("US", ProcessType.PreservationRequest, DemandStatus.Preserved, null, 5, 6),
        ]);

        var us = Assert.Single(report.Requests.Rows);
        Assert.Equal(new OutcomeRow("US", 7, 7, 2, 0, 4, 0, 1), us);
        Assert.Equal(80.0m, us.PercentNonContentOnly);
        Assert.Equal(20.0m, us.PercentRejected);
        Assert.Equal(new OutcomeRow("US", 1, 1, 0, 1, 0, 0, 0), Assert.Single(report.Emergencies.Rows));
        Assert.Equal(new PreservationRow("US", 5, 6, 0, 5, 0, 0), Assert.Single(report.Preservations.Rows));
    }

    [Fact]
    public void TotalsAreTheSumOfTheRowsForAnyCounts()
    {
        var random = new Random(7);
        var countries = new[] { "US", "DE", "FR", "GB", "IE" };
        var groups = Enumerable.Range(0, 200).Select(_ =>
        {
            var status = Enum.GetValues<DemandStatus>()[random.Next(7)];
            Outcome? outcome = status == DemandStatus.Rejected ? Outcome.Rejected
                : status == DemandStatus.Disclosed ? (Outcome)random.Next(3) : null;
            return new DemandGroupCount(countries[random.Next(countries.Length)], Enum.GetValues<ProcessType>()[random.Next(5)], status, outcome,
                random.Next(1, 50), random.Next(0, 100));
        }).ToList();

        var report = TransparencyReport.Build(Period, groups);

        var requests = report.Requests.Rows.Append(report.Emergencies.Total).Sum(r => r.Requests) + report.Preservations.Total.Requests;
        Assert.Equal(groups.Sum(g => g.Demands), requests);
        Assert.Equal(report.Requests.Rows.Sum(r => r.Closed), report.Requests.Total.Closed);
        Assert.Equal(report.Requests.Rows.Sum(r => r.Accounts), report.Requests.Total.Accounts);
        Assert.Equal(report.Preservations.Rows.Sum(r => r.Released), report.Preservations.Total.Released);
        Assert.Equal(report.Requests.Rows.Select(r => r.Country).Order(StringComparer.Ordinal), report.Requests.Rows.Select(r => r.Country));
    }

    [Fact]
    public void TheCanonicalFormIsTheSameForTheSameFiguresInAnyOrder()
    {
        DemandGroupCount[] groups =
        [
            new("DE", ProcessType.Subpoena, DemandStatus.Rejected, Outcome.Rejected, 2, 2),
            new("US", ProcessType.CourtOrder, DemandStatus.Disclosed, Outcome.ContentDisclosed, 1, 3),
        ];

        var one = PublishedTransparencyReport.CanonicalFormOf(TransparencyReport.Build(Period, groups));
        var other = PublishedTransparencyReport.CanonicalFormOf(TransparencyReport.Build(Period, groups.Reverse()));

        Assert.Equal(one, other);
        Assert.Contains("requests\tUS\tpctContent\t100.0\n", one, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", one, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-H1", 2026, 1, "2026-01-01", "2026-07-01")]
    [InlineData("2026-h2", 2026, 2, "2026-07-01", "2027-01-01")]
    [InlineData(" 2025-H2 ", 2025, 2, "2025-07-01", "2026-01-01")]
    public void PeriodsParseAndSpanHalfOpenHalfYears(string text, int year, int half, string start, string end)
    {
        var period = ReportPeriod.Parse(text);

        Assert.Equal((year, half), (period.Year, period.Half));
        Assert.Equal(DateTimeOffset.Parse(start + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateTimeOffset.Parse(end + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), period.EndExclusive);
        Assert.Equal(period, ReportPeriod.Of(period.Start));
        Assert.Equal(period, ReportPeriod.Of(period.EndExclusive.AddTicks(-1)));
        Assert.Equal(period.Next, ReportPeriod.Of(period.EndExclusive));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026")]
    [InlineData("2026-H3")]
    [InlineData("2026-H0")]
    [InlineData("26-H1")]
    [InlineData("1999-H1")]
    [InlineData("2026-H1; DROP TABLE")]
    [InlineData("２０２６-H1")]
    public void PeriodsRefuseAnythingElse(string? text) => Assert.False(ReportPeriod.TryParse(text, out _));
}
