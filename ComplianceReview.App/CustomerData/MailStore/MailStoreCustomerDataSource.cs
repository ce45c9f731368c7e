using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.CustomerData.MailStore;

/// <summary>
/// Customer data with e-mail content from the mail store: identifiers resolve in the account directory (the demo tables'
/// customers, by the port's one matching rule), the directory categories come from there, and an account's e-mail content
/// is its own mailbox (its primary address) read over IMAP by <see cref="ImapMailStore"/>, message by message, each with
/// its original .eml as the row's native file. Ambiguous identifiers are refused by the base class before anything is read.
/// </summary>
public sealed class MailStoreCustomerDataSource(EfCustomerDataSource directory, ImapMailStore store) : CustomerDataSource
{
    public override Task<IdentifierResolutions> ResolveAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default) =>
        directory.ResolveAsync(identifiers, cancellationToken);

    protected override async Task<IReadOnlyList<CategoryRecords>?> ReadAccountAsync(string accountId, IReadOnlyList<DataCategory> categories,
        DateRange? range, CancellationToken cancellationToken)
    {
        var collector = new AccountCollector();
        return await StreamAccountAsync(accountId, categories, range, collector, cancellationToken) ? collector.Categories : null;
    }

    protected override async Task<bool> StreamAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        IAccountRecordWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(writer);
        var mailbox = await directory.MailboxOfAsync(accountId, cancellationToken);
        if (mailbox is null) return false;
        var fromDirectory = await directory.ReadCategoriesAsync(accountId, categories.Where(c => c != DataCategory.EmailContent).ToList(), range, cancellationToken);
        if (fromDirectory is null) return false;

        foreach (var category in categories)
        {
            if (category != DataCategory.EmailContent)
            {
                var records = fromDirectory.Single(r => r.Category == category);
                await writer.CategoryAsync(category, records.Columns, cancellationToken);
                foreach (var row in records.Rows) await writer.RowAsync(row, null, cancellationToken);
                continue;
            }
            await writer.CategoryAsync(category, category.Info().Fields, cancellationToken);
            var covered = range ?? throw new InvalidOperationException("E-mail content needs a covered date range.");
            await store.ReadAsync(mailbox, covered, (message, token) => writer.RowAsync(message.Row, new NativeFile(".eml", message.Original), token),
                cancellationToken);
        }
        return true;
    }

    private sealed class AccountCollector : IAccountRecordWriter
    {
        private readonly List<(DataCategory Category, IReadOnlyList<string> Columns, List<IReadOnlyList<string>> Rows)> _categories = [];

        public IReadOnlyList<CategoryRecords> Categories => _categories.Select(c => new CategoryRecords(c.Category, c.Columns, c.Rows)).ToList();

        public ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken)
        {
            _categories.Add((category, columns, []));
            return ValueTask.CompletedTask;
        }

        public ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken)
        {
            _categories[^1].Rows.Add(values);
            return ValueTask.CompletedTask;
        }
    }
}
