using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.CustomerData;

/// <summary>
/// The customer data port over the demo tables. Identifiers match as <see cref="ICustomerDataSource"/> says (e-mail and
/// account id case-insensitively, phone numbers as stored E.164, nothing folded); an account is then read by its row key,
/// only the approved categories' fields, and time-series rows only inside the covered range (both bounds included).
/// <para>
/// A mailbox's messages are the account's e-mail content, whoever sent them: a message another customer sent to this
/// account, as kept in this account's mailbox, is in its scope; the sender's own mailbox (including its copy) is not.
/// </para>
/// </summary>
public sealed class EfCustomerDataSource : CustomerDataSource
{
    private readonly IDbContextFactory<ComplianceDbContext>? _contexts;
    private readonly ComplianceDbContext? _context;

    /// <summary>A short-lived context from the factory per call: the app's source.</summary>
    public EfCustomerDataSource(IDbContextFactory<ComplianceDbContext> contexts) => _contexts = contexts;

    private EfCustomerDataSource(ComplianceDbContext context) => _context = context;

    /// <summary>
    /// The source on one given context, which it does not dispose: the demo seeder's, which sees the customers it has
    /// written in its own (not yet committed) transaction.
    /// </summary>
    public static EfCustomerDataSource On(ComplianceDbContext context) => new(context);

    public override Task<IdentifierResolutions> ResolveAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default)
    {
        var list = identifiers.Distinct().ToList();
        return WithContextAsync(async db =>
        {
            // AccountIdentifier has lower-cased e-mail addresses and account ids; the stored ones are compared lower-cased
            // too, so two rows that differ only in case both match (and make the identifier ambiguous).
            var emails = list.Where(i => i.Kind == IdentifierKind.Email).Select(i => i.Value).ToList();
            var accounts = list.Where(i => i.Kind == IdentifierKind.AccountId).Select(i => i.Value).ToList();
            var phones = list.Where(i => i.Kind == IdentifierKind.PhoneNumber).Select(i => i.Value).ToList();
            var matches = list.Count == 0 ? [] : await db.Customers.AsNoTracking()
                .Where(c => emails.Contains(c.Email.ToLower()) || accounts.Contains(c.AccountId.ToLower())
                    || (c.PhoneNumber != null && phones.Contains(c.PhoneNumber)))
                .Select(c => new { c.Id, Email = c.Email.ToLower(), AccountId = c.AccountId.ToLower(), c.PhoneNumber })
                .ToListAsync(cancellationToken);

            return IdentifierResolutions.Of(list, identifier => IdentifierResolution.FromLabelledMatches(matches
                .Where(c => identifier.Kind switch
                {
                    IdentifierKind.Email => c.Email == identifier.Value,
                    IdentifierKind.AccountId => c.AccountId == identifier.Value,
                    IdentifierKind.PhoneNumber => c.PhoneNumber == identifier.Value,
                    _ => throw new ArgumentOutOfRangeException(nameof(identifiers), identifier.Kind, "Unknown identifier kind."),
                })
                .Select(c => (c.Id.ToString(CultureInfo.InvariantCulture), c.AccountId))));
        }, cancellationToken);
    }

    public override async Task<IReadOnlyList<AccountIdentifier>> IdentifiersOfAccountAsync(AccountIdentifier identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if ((await ResolveAsync([identifier], cancellationToken)).Of(identifier).AccountId is not { } key) return [identifier];
        var id = int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
        var account = await WithContextAsync(db => db.Customers.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Email, c.AccountId, c.PhoneNumber }).SingleOrDefaultAsync(cancellationToken), cancellationToken);
        if (account is null) return [identifier];
        var all = new List<AccountIdentifier> { identifier };
        foreach (var (kind, value) in new[] { (IdentifierKind.Email, account.Email), (IdentifierKind.AccountId, account.AccountId), (IdentifierKind.PhoneNumber, account.PhoneNumber) })
        {
            if (AccountIdentifier.TryParse(kind, value, out var parsed, out _) && !all.Contains(parsed)) all.Add(parsed);
        }
        return all;
    }

    protected override Task<IReadOnlyList<CategoryRecords>?> ReadAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        CancellationToken cancellationToken) => ReadCategoriesAsync(accountId, categories, range, cancellationToken);

    /// <summary>The primary e-mail address (the mailbox) of an account <see cref="ResolveAsync"/> returned; null if it is gone.</summary>
    internal Task<string?> MailboxOfAsync(string accountId, CancellationToken cancellationToken) =>
        WithContextAsync(async db =>
        {
            var id = int.Parse(accountId, NumberStyles.None, CultureInfo.InvariantCulture);
            return await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.Email).SingleOrDefaultAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// The account's records of these categories as the demo tables hold them; the mail-store source reads its
    /// directory categories (all but e-mail content) through this.
    /// </summary>
    internal Task<IReadOnlyList<CategoryRecords>?> ReadCategoriesAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        CancellationToken cancellationToken) =>
        WithContextAsync<IReadOnlyList<CategoryRecords>?>(async db =>
        {
            var id = int.Parse(accountId, NumberStyles.None, CultureInfo.InvariantCulture);
            var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (customer is null) return null;
            var records = new List<CategoryRecords>();
            foreach (var category in categories)
                records.Add(await ReadCategoryAsync(db, customer, category, range, cancellationToken));
            return records;
        }, cancellationToken);

    private async Task<T> WithContextAsync<T>(Func<ComplianceDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_context is not null) return await work(_context);
        await using var db = await _contexts!.CreateDbContextAsync(cancellationToken);
        return await work(db);
    }

    private static async Task<CategoryRecords> ReadCategoryAsync(ComplianceDbContext db, Customer customer, DataCategory category,
        DateRange? range, CancellationToken cancellationToken)
    {
        var columns = category.Info().Fields;
        IReadOnlyList<IReadOnlyList<string>> rows;
        switch (category)
        {
            case DataCategory.SubscriberIdentity:
                rows = [[customer.Name, customer.Email]];
                break;
            case DataCategory.SubscriberLocation:
                rows = [[customer.State, customer.Country, customer.ZipCode]];
                break;
            case DataCategory.RegistrationRecord:
                rows = [[Format(customer.CreatedAt), customer.RegistrationIp]];
                break;
            case DataCategory.BillingInformation:
                rows = [[customer.PaymentInstrument, customer.BillingAddress]];
                break;
            case DataCategory.ConnectionHistory:
            {
                var (from, until) = Bounds(range);
                var signIns = await db.SignIns.AsNoTracking()
                    .Where(s => s.CustomerId == customer.Id && s.SignedInAt >= from && s.SignedInAt < until)
                    .OrderBy(s => s.SignedInAt).ThenBy(s => s.Id)
                    .Select(s => new { s.SignedInAt, s.IpAddress })
                    .ToListAsync(cancellationToken);
                rows = signIns.Select(s => (IReadOnlyList<string>)[Format(s.SignedInAt), s.IpAddress]).ToList();
                break;
            }
            case DataCategory.EmailContent:
            {
                var (from, until) = Bounds(range);
                var emails = await db.Emails.AsNoTracking()
                    .Where(e => e.CustomerId == customer.Id && e.SentAt >= from && e.SentAt < until)
                    .OrderBy(e => e.SentAt).ThenBy(e => e.Id)
                    .Select(e => new { e.SentAt, e.From, e.To, e.Subject, e.Body })
                    .ToListAsync(cancellationToken);
                // The demo tables keep no attachments (nor the original messages): see MessageDisclosure for the mail store's.
                rows = emails.Select(e => (IReadOnlyList<string>)[Format(e.SentAt), e.From, e.To, e.Subject, e.Body, MailStore.MessageDisclosure.NoAttachments]).ToList();
                break;
            }
            case DataCategory.StoredFiles:
            {
                var (from, until) = Bounds(range);
                var files = await db.StoredFiles.AsNoTracking()
                    .Where(f => f.CustomerId == customer.Id && f.UploadedAt >= from && f.UploadedAt < until)
                    .OrderBy(f => f.UploadedAt).ThenBy(f => f.Id)
                    .Select(f => new { f.FileName, f.SizeBytes, f.UploadedAt, f.Sha256 })
                    .ToListAsync(cancellationToken);
                rows = files.Select(f => (IReadOnlyList<string>)[f.FileName, f.SizeBytes.ToString(CultureInfo.InvariantCulture), Format(f.UploadedAt), f.Sha256]).ToList();
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown data category.");
        }
        return new CategoryRecords(category, columns, rows);
    }

    // An approved scope always has a range for time-series categories (DisclosureScope.Approve enforces it).
    private static (DateTimeOffset From, DateTimeOffset Until) Bounds(DateRange? range) =>
        range is null ? throw new InvalidOperationException("A time-series category needs a covered date range.") : (range.From, range.EndExclusive);

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
