using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceReview.App.Data;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Reports;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Queue;

/// <summary>
/// The queue's SQL, as EF generates it, run through SQLite's <c>EXPLAIN QUERY PLAN</c>: the main queries must seek an
/// index in sort order, never scan the Demands table or sort it in a temporary b-tree; the transparency report reads
/// its covering index only.
/// </summary>
public sealed partial class QueuePlanTests(SeededAppFactory app, ITestOutputHelper output) : IClassFixture<SeededAppFactory>
{
    private static readonly DemandCursor Cursor = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), Guid.Parse("6f1c1a52-3c1e-4b59-9a43-0d6b2e1f7a10"));

    public static TheoryData<string, string, string> MainQueries => new()
    {
        // name, query string, the index the plan must seek
        { "status + due asc, first page", "?status=InReview", "IX_Demands_Status_DueAt_Id" },
        { "status + due asc, after a cursor", "?status=InReview&after=" + Cursor, "IX_Demands_Status_DueAt_Id" },
        { "status + due desc, after a cursor", "?status=Received&sort=DueDesc&after=" + Cursor, "IX_Demands_Status_DueAt_Id" },
        { "status + received desc, after a cursor", "?status=InReview&sort=ReceivedDesc&after=" + Cursor, "IX_Demands_Status_ReceivedAt_Id" },
        { "all, due asc, after a cursor", "?after=" + Cursor, "IX_Demands_DueAt_Id" },
        { "all, received desc, after a cursor", "?sort=ReceivedDesc&after=" + Cursor, "IX_Demands_ReceivedAt_Id" },
        { "country + due asc, first page", "?country=DE", "IX_Demands_AgencyCountry_DueAt_Id" },
        { "country + due asc, after a cursor", "?country=US&after=" + Cursor, "IX_Demands_AgencyCountry_DueAt_Id" },
        { "country + received desc, after a cursor", "?country=US&sort=ReceivedDesc&after=" + Cursor, "IX_Demands_AgencyCountry_ReceivedAt_Id" },
        { "agency + due asc, after a cursor", "?agency=Bundeskriminalamt&after=" + Cursor, "IX_Demands_AgencyName_DueAt_Id" },
        { "agency + received asc, after a cursor", "?agency=Bundeskriminalamt&sort=ReceivedAsc&after=" + Cursor, "IX_Demands_AgencyName_ReceivedAt_Id" },
    };

    [Theory]
    [MemberData(nameof(MainQueries))]
    public async Task MainQueueQueriesSeekAnIndexInSortOrder(string name, string queryString, string index)
    {
        var plan = await PlanAsync(DemandQuery.Parse(queryString));
        output.WriteLine($"{name}:\n  {string.Join("\n  ", plan)}");

        Assert.Contains(plan, line => line.Contains($"USING INDEX {index}", StringComparison.Ordinal) || line.Contains($"USING COVERING INDEX {index}", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => FullScan().IsMatch(line));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?due=overdue")]
    [InlineData("?country=DE&after=20261101.6f1c1a523c1e4b599a430d6b2e1f7a10")]
    [InlineData("?agency=Bundeskriminalamt")]
    public async Task OtherFiltersNeverScanTheDemandsTable(string queryString)
    {
        var plan = await PlanAsync(DemandQuery.Parse(queryString));
        output.WriteLine($"{queryString}:\n  {string.Join("\n  ", plan)}");

        Assert.DoesNotContain(plan, line => FullScan().IsMatch(line));
    }

    [Fact]
    public async Task TheSearchNeverScansTheDemandsTable()
    {
        // Not a query string case: the search is never in the URL.
        var plan = await PlanAsync(new DemandQuery { Search = "alice@contoso.com" });
        output.WriteLine($"search:\n  {string.Join("\n  ", plan)}");

        Assert.DoesNotContain(plan, line => FullScan().IsMatch(line));
    }

    [Fact]
    public async Task TheTransparencyReportReadsOnlyItsCoveringIndex()
    {
        await using var db = app.CreateDbContext();
        var plan = await PlanAsync(db, TransparencyReportService.GroupCounts(db, ReportPeriod.Parse("2026-H1")).ToQueryString());
        output.WriteLine(string.Join("\n", plan));

        Assert.Contains(plan, line => line.Contains("USING COVERING INDEX IX_Demands_Report", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => FullScan().IsMatch(line));
    }

    /// <summary>The plan of the SQL the queue really runs for the query (compiled or built at run time).</summary>
    private async Task<IReadOnlyList<string>> PlanAsync(DemandQuery query)
    {
        var capture = new CommandCapture();
        await using var db = new SqliteComplianceDbContext(new DbContextOptionsBuilder<SqliteComplianceDbContext>()
            .UseSqlite($"Data Source={app.DatabasePath}").AddInterceptors(capture).Options);
        await DemandQueue.RowsAsync(db, query, app.Time.GetUtcNow(), precompiled: true, CancellationToken.None);
        var command = Assert.Single(capture.Commands);
        output.WriteLine(command.Sql);

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await ReadPlanAsync(explain);
    }

    private async Task<IReadOnlyList<string>> PlanAsync(ComplianceDbContext db, string sql)
    {
        output.WriteLine(sql);

        // ToQueryString() declares the parameters as ".param set @name value" lines before the statement.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var statement = new List<string>();
        foreach (var line in sql.Split('\n'))
        {
            var match = ParamLine().Match(line);
            if (match.Success) command.Parameters.AddWithValue(match.Groups[1].Value, Literal(match.Groups[2].Value.TrimEnd('\r')));
            else statement.Add(line);
        }
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', statement);
        return await ReadPlanAsync(command);
    }

    private static async Task<IReadOnlyList<string>> ReadPlanAsync(SqliteCommand explain)
    {
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }

    private static object Literal(string text) =>
        text.StartsWith('\'') ? text[1..^1].Replace("''", "'", StringComparison.Ordinal)
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : text == "NULL" ? DBNull.Value
        : text;

    [GeneratedRegex(@"^\.param set (@\w+) (.*)$")]
    private static partial Regex ParamLine();

    /// <summary>A scan of the demands table itself (alias "d"), not of one of its indexes.</summary>
    [GeneratedRegex(@"^SCAN (d|Demands)( |$)(?!.*USING)")]
    private static partial Regex FullScan();
}
