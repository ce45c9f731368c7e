using ComplianceReview.App.CustomerData;
using ComplianceReview.App.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ComplianceReview.Tests.CustomerData;

/// <summary>
/// A migrated SQLite file of its own (deleted afterwards), as the app's context factory would hand it out: for testing the
/// customer data source without the rest of the app.
/// </summary>
public sealed class CustomerDataDatabase : IDbContextFactory<ComplianceDbContext>, IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "cr-tests", $"customer-data-{Guid.NewGuid():N}.db");
    private readonly PooledDbContextFactory<SqliteComplianceDbContext> _pool;

    private CustomerDataDatabase()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        // Pooled, as the app's factory is: a context is reused with its connection, which makes a short query much cheaper.
        _pool = new PooledDbContextFactory<SqliteComplianceDbContext>(new DbContextOptionsBuilder<SqliteComplianceDbContext>()
            .UseSqlite(DataExtensions.SqliteConnectionString(_path))
            .AddInterceptors(SqlitePragmaInterceptor.Instance)
            .Options);
    }

    /// <summary>A customer with the given identifiers and fixed, unremarkable values for every other field.</summary>
    public static Customer Customer(string accountId, string email, string name, string? phoneNumber = null) => new()
    {
        AccountId = accountId,
        Email = email,
        PhoneNumber = phoneNumber,
        Name = name,
        State = "California",
        Country = "US",
        ZipCode = "94105",
        CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
        RegistrationIp = "203.0.113.7",
        PaymentInstrument = "Visa •••• 4242",
        BillingAddress = "1 Market Street, San Francisco",
    };

    public static async Task<CustomerDataDatabase> CreateAsync()
    {
        var database = new CustomerDataDatabase();
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public ComplianceDbContext CreateDbContext() => _pool.CreateDbContext();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            try { File.Delete(file); } catch (IOException) { } // best effort on temp files
        }
        return ValueTask.CompletedTask;
    }
}
