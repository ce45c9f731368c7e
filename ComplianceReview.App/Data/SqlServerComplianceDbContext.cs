using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceReview.App.Data;

public sealed class SqlServerComplianceDbContext(DbContextOptions<SqlServerComplianceDbContext> options) : ComplianceDbContext(options)
{
    public const string RowVersion = nameof(RowVersion);

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // A server-maintained token on top of the app's Version: it also catches writes that bypass the app
        // (a DBA's UPDATE, another instance on an older build). SQLite has no rowversion, so only this provider has it.
        modelBuilder.Entity<LegalDemand>().Property<byte[]>(RowVersion).IsRowVersion();
    }

    public override async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        var transaction = await Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        // One writer at a time for the audit chain, released with the transaction.
        await Database.ExecuteSqlRawAsync(
            "EXEC sp_getapplock @Resource = N'ComplianceReview.Write', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000;",
            cancellationToken);
        return transaction;
    }
}
