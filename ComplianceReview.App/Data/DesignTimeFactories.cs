using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ComplianceReview.App.Data;

// Used by dotnet-ef only: `dotnet ef migrations add X --context SqliteComplianceDbContext --output-dir Data/Migrations/Sqlite`.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteComplianceDbContext>
{
    public SqliteComplianceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteComplianceDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerComplianceDbContext>
{
    public SqlServerComplianceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerComplianceDbContext>()
            .UseSqlServer("Server=(localdb)\\design-time;Database=ComplianceReview;Trusted_Connection=True").Options);
}
