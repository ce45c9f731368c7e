using ComplianceReview.App.CustomerData;
using ComplianceReview.Domain.CustomerData;

namespace ComplianceReview.Tests.CustomerData;

/// <summary>The demo tables' source keeps the port's contract, on a real SQLite database per test.</summary>
public sealed class EfCustomerDataSourceTests : CustomerDataSourceContract, IAsyncLifetime
{
    private readonly List<CustomerDataDatabase> _databases = [];

    protected override async Task<ICustomerDataSource> SourceWithAsync(params PlantedAccount[] accounts)
    {
        var database = await CustomerDataDatabase.CreateAsync();
        _databases.Add(database);
        await using var db = database.CreateDbContext();
        db.Customers.AddRange(accounts.Select(a => CustomerDataDatabase.Customer(a.AccountId, a.Email, a.Name, a.PhoneNumber)));
        await db.SaveChangesAsync();
        return new EfCustomerDataSource(database);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
    }
}
