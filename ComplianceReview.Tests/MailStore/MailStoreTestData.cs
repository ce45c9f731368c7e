using ComplianceReview.App.CustomerData;
using ComplianceReview.App.CustomerData.MailStore;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.CustomerData;
using MimeKit;

namespace ComplianceReview.Tests.MailStore;

/// <summary>Builders for the mail-store tests: directory accounts, messages with a marker, a warrant's scope.</summary>
internal static class MailStoreTestData
{
    public static async Task<EfCustomerDataSource> DirectoryWithAsync(CustomerDataDatabase database, params string[] addresses)
    {
        await using var db = database.CreateDbContext();
        var n = 0;
        db.Customers.AddRange(addresses.Select(a => CustomerDataDatabase.Customer($"acct-{++n}-{a.Split('@')[0]}", a, "Holder of " + a)));
        await db.SaveChangesAsync();
        return new EfCustomerDataSource(database);
    }

    public static MailStoreCustomerDataSource Source(EfCustomerDataSource directory, DovecotServer server) =>
        new(directory, new ImapMailStore(Microsoft.Extensions.Options.Options.Create(server.Options)));

    /// <summary>A plain-text message whose subject and body carry <paramref name="marker"/>, dated <paramref name="date"/>.</summary>
    public static MimeMessage Message(string marker, DateTimeOffset date, string from = "sender@fabrikam.example", string to = "holder@contoso.com",
        string? subject = null) => new(
        [MailboxAddress.Parse(from)], [MailboxAddress.Parse(to)], subject ?? "Subject " + marker, new TextPart("plain") { Text = "Body of " + marker + "\nsecond line" })
    {
        Date = date,
        MessageId = marker + "@test.example",
    };

    public static DisclosureScope Warrant(AccountIdentifier identifier, DateRange range, params DataCategory[] categories)
    {
        DataCategory[] approved = categories.Length == 0 ? [DataCategory.EmailContent] : categories;
        var requested = DisclosureScope.Requested([identifier], approved, range);
        return DisclosureScope.Approve(requested, ProcessType.SearchWarrant, [identifier], approved, range);
    }

    public static string Unique(string name) => $"{name}.{Guid.NewGuid():N}"[..(name.Length + 9)] + "@contoso.com";
}
