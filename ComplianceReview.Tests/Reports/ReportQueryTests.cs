using ComplianceReview.App.Data;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Reports;

/// <summary>The report is counted by the database: one grouped query per period, no demand rows and no targets loaded.</summary>
public sealed class ReportQueryTests
{
    public static TheoryData<string> Providers => ["Sqlite", "SqlServer"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void TheReportIsOneGroupByOverThePeriodWithoutJoiningTargets(string provider)
    {
        using ComplianceDbContext db = provider == "Sqlite" ? new SqliteDesignTimeFactory().CreateDbContext([]) : new SqlServerDesignTimeFactory().CreateDbContext([]);

        var sql = TransparencyReportService.GroupCounts(db, ReportPeriod.Parse("2026-H1")).ToQueryString();

        Assert.Contains("GROUP BY", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("COUNT(*)", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SUM(", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ReceivedAt", sql, StringComparison.Ordinal);
        Assert.Contains("IsDemo", sql, StringComparison.Ordinal); // demo demands are left out by the query itself
        Assert.DoesNotContain("DemandTargets", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("JOIN", sql, StringComparison.OrdinalIgnoreCase);
    }
}
