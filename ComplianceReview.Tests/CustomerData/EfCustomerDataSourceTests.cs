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
        db.Customers.AddRange(accounts.Select(a => new Customer
        {
            AccountId = a.AccountId,
            Email = a.Email,
            PhoneNumber = a.PhoneNumber,
            Name = a.Name,
            State = "California",
            Country = "US",
            ZipCode = "94105",
            CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            RegistrationIp = "203.0.113.7",
            PaymentInstrument = "Visa •••• 4242",
            BillingAddress = "1 Market Street, San Francisco",
        }));
        await db.SaveChangesAsync();
        return new EfCustomerDataSource(database);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
    }
}
