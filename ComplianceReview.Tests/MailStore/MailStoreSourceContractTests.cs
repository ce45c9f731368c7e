using ComplianceReview.App.CustomerData;
using ComplianceReview.App.CustomerData.MailStore;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Tests.CustomerData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplianceReview.Tests.MailStore;

/// <summary>
/// The mail-store source keeps the port's contract: its identifiers resolve in the directory by the one matching rule, and
/// an ambiguous one is refused by the base class before any mailbox is opened (the store here is an address nobody listens on).
/// </summary>
public sealed class MailStoreSourceContractTests : CustomerDataSourceContract, IAsyncLifetime
{
    private readonly List<CustomerDataDatabase> _databases = [];

    protected override async Task<ICustomerDataSource> SourceWithAsync(params PlantedAccount[] accounts)
    {
        var database = await CustomerDataDatabase.CreateAsync();
        _databases.Add(database);
        await using (var db = database.CreateDbContext())
        {
            db.Customers.AddRange(accounts.Select(a => new Customer
            {
                AccountId = a.AccountId, Email = a.Email, PhoneNumber = a.PhoneNumber, Name = a.Name, State = "California", Country = "US",
                ZipCode = "94105", CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), RegistrationIp = "203.0.113.7",
                PaymentInstrument = "Visa •••• 4242", BillingAddress = "1 Market Street, San Francisco",
            }));
            await db.SaveChangesAsync();
        }
        var nowhere = new MailStoreOptions { Host = "127.0.0.1", Port = 9, Security = MailKit.Security.SecureSocketOptions.None, MasterUser = "x", MasterPassword = "x" };
        return new MailStoreCustomerDataSource(new EfCustomerDataSource(database), new ImapMailStore(Microsoft.Extensions.Options.Options.Create(nowhere)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
    }
}

/// <summary><c>CustomerData:EmailContent</c> picks the source; settings that cannot work stop the app at startup with the reason.</summary>
public sealed class CustomerDataConfigurationTests
{
    [Fact]
    public void TheDemoSourceIsTheDefault() =>
        Assert.Equal(typeof(EfCustomerDataSource), SourceTypeFor([]));

    [Fact]
    public void MailStoreSelectsTheImapSource() =>
        Assert.Equal(typeof(MailStoreCustomerDataSource), SourceTypeFor(new()
        {
            ["CustomerData:EmailContent"] = "MailStore",
            ["CustomerData:MailStore:Host"] = "mail.internal.example",
            ["CustomerData:MailStore:MasterUser"] = "extractor",
            ["CustomerData:MailStore:MasterPassword"] = "secret",
        }));

    [Theory]
    [InlineData("", "extractor", "StartTls", "Host is not set")]
    [InlineData("mail.internal.example", "", "StartTls", "MasterUser and MasterPassword are required")]
    [InlineData("mail.internal.example", "extractor", "None", "would cross the network in clear")]
    public void SettingsThatCannotWorkStopTheStartWithTheReason(string host, string master, string security, string reason)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => SourceTypeFor(new()
        {
            ["CustomerData:EmailContent"] = "MailStore",
            ["CustomerData:MailStore:Host"] = host,
            ["CustomerData:MailStore:MasterUser"] = master,
            ["CustomerData:MailStore:MasterPassword"] = "secret",
            ["CustomerData:MailStore:Security"] = security,
        }));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    private static Type SourceTypeFor(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCustomerData();
        var descriptor = builder.Services.Single(d => d.ServiceType == typeof(ICustomerDataSource));
        return descriptor.ImplementationType ?? (descriptor.ImplementationFactory is not null ? typeof(EfCustomerDataSource) : throw new InvalidOperationException("No source."));
    }
}
