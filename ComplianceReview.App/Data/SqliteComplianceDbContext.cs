using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceReview.App.Data;

public sealed class SqliteComplianceDbContext(DbContextOptions<SqliteComplianceDbContext> options) : ComplianceDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE: the write lock is taken at once.
    public override Task<IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken = default) =>
        Database.BeginTransactionAsync(cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no date-time-offset type; as UTC ticks they sort and compare in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
