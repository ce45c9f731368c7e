using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Reports;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Reports;

/// <summary>
/// The aggregation in SQL against tables computed by hand: demands of several countries, process types and outcomes,
/// on and just outside the period's edges, stored in a real SQLite database; every cell of every table is compared.
/// </summary>
public sealed class TransparencyReportServiceTests(TransparencyReportServiceTests.Seeded fixture) : IClassFixture<TransparencyReportServiceTests.Seeded>
{
    private readonly ComplianceAppFactory app = fixture.App;

    private static readonly ReportPeriod Period = ReportPeriod.Parse("2025-H2");
    private static readonly DateTimeOffset Mid = new(2025, 9, 15, 12, 0, 0, TimeSpan.Zero);

    private TransparencyReportService Service(TestUser user) => app.ServiceAs<TransparencyReportService>(user);

    /// <summary>An app of its own with the demands below, stored once for all the tests of the class.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public ComplianceAppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            await ((IAsyncLifetime)App).InitializeAsync();
            await SeedAsync(App);
        }

        public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
    }

    private static async Task SeedAsync(ComplianceAppFactory app)
    {
        static DemandBuilder Of(DemandBuilder builder, string country, DateTimeOffset? at = null) =>
            builder.WithAgency("Agency of " + country, country).ReceivedOn(at ?? Mid);

        await app.SaveAsync(
            // US: one of each outcome and one open; the first on the period's first second.
            Of(DemandBuilder.Subpoena(), "US", Period.Start).WithTargets("a@contoso.com", "b@contoso.com").WithPackageCounts(3, 0).Disclosed(),
            Of(DemandBuilder.CourtOrder(), "US").WithPackageCounts(4, 2).Disclosed(),
            Of(DemandBuilder.SearchWarrant(), "US").WithPackageCounts(0, 0).Disclosed(),
            Of(DemandBuilder.Subpoena(), "US").WithTargets("c@contoso.com", "*@contoso.com").Rejected(),       // the wildcard is no account
            Of(DemandBuilder.CourtOrder(), "US").WithTargets("d@contoso.com", "acct-1", "+14155550100").InReview(),
            // DE: two non-content, one rejected on the period's last second.
            Of(DemandBuilder.CourtOrder(), "DE").WithPackageCounts(2, 0).Disclosed(),
            Of(DemandBuilder.CourtOrder(), "DE").WithPackageCounts(1, 0).Disclosed(),
            Of(DemandBuilder.Subpoena(), "DE", Period.EndExclusive.AddSeconds(-1)).Rejected(),
            // Emergencies: their own table.
            Of(DemandBuilder.EmergencyRequest(), "US").WithPackageCounts(2, 1).Disclosed(),
            Of(DemandBuilder.EmergencyRequest(), "GB").WithTargets("e@contoso.com", "f@contoso.com"),
            // Preservation requests: their own table, never in the percentages.
            Of(DemandBuilder.PreservationRequest(), "DE").Preserved(),
            Of(DemandBuilder.PreservationRequest(), "DE").WithTargets("g@contoso.com", "h@contoso.com").Released(),
            Of(DemandBuilder.PreservationRequest(), "FR").InReview(),
            Of(DemandBuilder.PreservationRequest(), "FR").Rejected(),
            // Just outside the period: not counted.
            Of(DemandBuilder.CourtOrder(), "US", Period.Start.AddSeconds(-1)).WithPackageCounts(2, 2).Disclosed(),
            Of(DemandBuilder.CourtOrder(), "DE", Period.EndExclusive).Rejected());
    }

    [Fact]
    public async Task EveryCellMatchesTheTablesComputedByHand()
    {
        var report = await Service(TestUser.Auditor).BuildAsync(Period);

        // country, requests, accounts, open, closed, content, non-content only, no data, rejected, then the four percentages
        // (shares of the closed demands, one decimal, half away from zero: 2/3 = 66.7, 1/7 = 14.3, 3/7 = 42.9, 2/7 = 28.6).
        string[][] requests =
        [
            ["DE", "3", "3", "0", "3", "0", "2", "0", "1", "0.0", "66.7", "0.0", "33.3"],
            ["US", "5", "8", "1", "4", "1", "1", "1", "1", "25.0", "25.0", "25.0", "25.0"],
            ["Total", "8", "11", "1", "7", "1", "3", "1", "2", "14.3", "42.9", "14.3", "28.6"],
        ];
        string[][] emergency =
        [
            ["GB", "1", "2", "1", "0", "0", "0", "0", "0", "-", "-", "-", "-"],
            ["US", "1", "1", "0", "1", "1", "0", "0", "0", "100.0", "0.0", "0.0", "0.0"],
            ["Total", "2", "3", "1", "1", "1", "0", "0", "0", "100.0", "0.0", "0.0", "0.0"],
        ];
        // country, requests, accounts, open, preserved, released, rejected
        string[][] preservation =
        [
            ["DE", "2", "3", "0", "1", "1", "0"],
            ["FR", "2", "2", "1", "0", "0", "1"],
            ["Total", "4", "5", "1", "1", "1", "1"],
        ];

        var expected = Cells(TransparencyReport.RegularSection, TransparencyReport.OutcomeColumnNames, requests)
            .Concat(Cells(TransparencyReport.EmergencySection, TransparencyReport.OutcomeColumnNames, emergency))
            .Concat(Cells(TransparencyReport.PreservationSection, TransparencyReport.PreservationColumnNames, preservation))
            .ToList();
        Assert.Equal(expected, report.Cells());
    }

    [Fact]
    public async Task TotalsAreTheSumOfTheRows()
    {
        var report = await Service(TestUser.Reviewer1).BuildAsync(Period);

        foreach (var table in new[] { report.Requests, report.Emergencies })
        {
            Assert.Equal(table.Rows.Sum(r => r.Requests), table.Total.Requests);
            Assert.Equal(table.Rows.Sum(r => r.Accounts), table.Total.Accounts);
            Assert.Equal(table.Rows.Sum(r => r.Open), table.Total.Open);
            foreach (var outcome in Enum.GetValues<Outcome>()) Assert.Equal(table.Rows.Sum(r => r.Count(outcome)), table.Total.Count(outcome));
            Assert.All(table.Rows.Append(table.Total), r => Assert.Equal(r.Requests, r.Open + r.Closed));
        }
        Assert.Equal(report.Preservations.Rows.Sum(r => r.Requests), report.Preservations.Total.Requests);
    }

    [Fact]
    public async Task APeriodWithoutDemandsHasEmptyTablesAndZeroTotals()
    {
        var report = await Service(TestUser.Reviewer1).BuildAsync(ReportPeriod.Parse("2021-H1"));

        Assert.Empty(report.Requests.Rows);
        Assert.Equal(0, report.Requests.Total.Requests);
        Assert.Null(report.Requests.Total.PercentContent);
    }

    [Fact]
    public async Task CsvExportHasAHeaderARowPerCountryAndIsAudited()
    {
        var before = (await app.AuditAsync(ReportAuditActions.TransparencyReportExported)).Count;

        var file = await Service(TestUser.Auditor).ExportCsvAsync(Period);

        Assert.Equal("transparency-2025-H2.csv", file.FileName);
        var lines = System.Text.Encoding.UTF8.GetString(file.Content).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', TransparencyCsv.Header), lines[0]);
        Assert.Contains("2025-H2,requests,US,5,8,1,4,1,1,1,1,25.0,25.0,25.0,25.0,,", lines);
        Assert.Contains("2025-H2,requests,Total,8,11,1,7,1,3,1,2,14.3,42.9,14.3,28.6,,", lines);
        Assert.Contains("2025-H2,emergency,GB,1,2,1,0,0,0,0,0,,,,,,", lines);
        Assert.Contains("2025-H2,preservation,FR,2,2,1,,,,,1,,,,,0,0", lines);
        Assert.Equal(1 + 3 + 3 + 3, lines.Length);

        var audit = await app.AuditAsync(ReportAuditActions.TransparencyReportExported);
        Assert.Equal(before + 1, audit.Count);
        Assert.Equal(TestUser.Auditor.User.Id, audit[^1].ActorId);
        Assert.Contains("\"2025-H2\"", audit[^1].DetailsJson, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Content)), audit[^1].DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeriodsRunFromTheFirstDemandToTheCurrentHalfYearAtMostEight()
    {
        var periods = await Service(TestUser.Reviewer1).PeriodsAsync();

        Assert.Equal(ReportPeriod.Parse("2026-H2"), periods[^1]); // the factory's clock: 2026-11-02
        Assert.Equal(ReportPeriod.Parse("2025-H1"), periods[0]);  // the demand received a second before 2025-H2
        Assert.True(periods.Count <= TransparencyReportService.MaxChartPeriods);
    }

    private static IEnumerable<ReportCell> Cells(string section, IReadOnlyList<string> columns, string[][] rows) =>
        rows.SelectMany(row => columns.Select((column, i) => new ReportCell(section, row[0], column, row[i + 1])));
}
