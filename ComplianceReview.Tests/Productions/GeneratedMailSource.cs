using System.Globalization;
using System.Text;
using ComplianceReview.App.CustomerData;
using ComplianceReview.App.CustomerData.MailStore;
using ComplianceReview.App.Documents;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Productions;

/// <summary>
/// A source with one account (alice@contoso.com, account 1) whose mailbox holds <c>messages</c> generated messages with a
/// marker each, every one with its original; "shared@contoso.com" matches two accounts. Deterministic.
/// </summary>
internal sealed class GeneratedMailSource(int messages) : CustomerDataSource
{
    public static readonly AccountIdentifier Alice = AccountIdentifier.Parse("alice@contoso.com");
    public static readonly AccountIdentifier Shared = AccountIdentifier.Parse("shared@contoso.com");
    public static readonly DateRange Year = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero));
    public static readonly DateTimeOffset ApprovedAt = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);

    public static string Marker(int n) => "marker-" + n.ToString("D5", CultureInfo.InvariantCulture);

    public static byte[] Original(int n) => Encoding.UTF8.GetBytes(
        $"From: sender@fabrikam.example\r\nTo: alice@contoso.com\r\nSubject: Message {Marker(n)}\r\nMessage-ID: <{Marker(n)}@test>\r\n\r\nBody of {Marker(n)}\r\n");

    public override Task<IdentifierResolutions> ResolveAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default) =>
        Task.FromResult(IdentifierResolutions.Of(identifiers, i =>
            i == Alice ? IdentifierResolution.Unique("1") : i == Shared ? IdentifierResolution.Ambiguous(2) : IdentifierResolution.NotFound));

    protected override Task<IReadOnlyList<CategoryRecords>?> ReadAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        CancellationToken cancellationToken) => throw new NotSupportedException("This source only streams.");

    protected override async Task<bool> StreamAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        IAccountRecordWriter writer, CancellationToken cancellationToken)
    {
        foreach (var category in categories)
        {
            await writer.CategoryAsync(category, category.Info().Fields, cancellationToken);
            if (category == DataCategory.SubscriberIdentity)
                await writer.RowAsync(["Alice Example", "alice@contoso.com"], null, cancellationToken);
            if (category != DataCategory.EmailContent) continue;
            for (var n = 1; n <= messages; n++)
            {
                var sentAt = Year.From.AddMinutes(n * 7);
                IReadOnlyList<string> row = [EfCustomerDataSource.Format(sentAt), "sender@fabrikam.example", "alice@contoso.com", "Message " + Marker(n),
                    "Body of " + Marker(n), MessageDisclosure.NoAttachments];
                using var original = new MemoryStream(Original(n));
                await writer.RowAsync(row, new NativeFile(".eml", original), cancellationToken);
            }
        }
        return true;
    }

    public static DisclosureScope Scope(params AccountIdentifier[] identifiers)
    {
        DataCategory[] categories = [DataCategory.SubscriberIdentity, DataCategory.EmailContent];
        return DisclosureScope.Approve(DisclosureScope.Requested(identifiers, categories, Year), ProcessType.SearchWarrant, identifiers, categories, Year);
    }

    public static DisclosurePackageRequest Request(DisclosureScope scope) => new("LD-2026-000042", "Metropolitan Police", "GB", ProcessType.SearchWarrant,
        "CASE-77", "Crown Court", ApprovedScopeWording.Describe(scope), "CR", "Lena Lead", ApprovedAt);
}
