using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ComplianceReview.Tests.Reliability;

/// <summary>On SQL Server a demand also carries a rowversion, so a write that bypassed the app still fails the next save.</summary>
public sealed class RowVersionModelTests
{
    [Fact]
    public void SqlServerDemandsHaveARowVersionConcurrencyToken()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var property = db.Model.FindEntityType(typeof(LegalDemand))!.FindProperty(SqlServerComplianceDbContext.RowVersion);

        Assert.NotNull(property);
        Assert.True(property.IsConcurrencyToken);
        Assert.Equal(ValueGenerated.OnAddOrUpdate, property.ValueGenerated);
        Assert.Equal("rowversion", property.GetColumnType());
    }

    [Fact]
    public void SqliteDemandsHaveNone()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.Null(db.Model.FindEntityType(typeof(LegalDemand))!.FindProperty(SqlServerComplianceDbContext.RowVersion));
    }
}
