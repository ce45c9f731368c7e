using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceReview.App.Data;

public sealed class SqlServerComplianceDbContext(DbContextOptions<SqlServerComplianceDbContext> options) : ComplianceDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

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
