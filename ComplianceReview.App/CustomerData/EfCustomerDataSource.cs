using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.CustomerData;

/// <summary>
/// The customer data port over the demo tables. It reads only the named identifiers, only the approved categories'
/// fields, and time-series rows only inside the covered range (both bounds included, to the second).
/// </summary>
public sealed class EfCustomerDataSource(IDbContextFactory<ComplianceDbContext> contexts) : ICustomerDataSource
{
    public async Task<IReadOnlySet<AccountIdentifier>> FindExistingAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default)
    {
        var list = identifiers.ToList();
        var emails = list.Where(i => i.Kind == IdentifierKind.Email).Select(i => i.Value).ToList();
        var accounts = list.Where(i => i.Kind == IdentifierKind.AccountId).Select(i => i.Value).ToList();
        var phones = list.Where(i => i.Kind == IdentifierKind.PhoneNumber).Select(i => i.Value).ToList();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Customers.AsNoTracking()
            .Where(c => emails.Contains(c.Email) || accounts.Contains(c.AccountId) || (c.PhoneNumber != null && phones.Contains(c.PhoneNumber)))
            .Select(c => new { c.Email, c.AccountId, c.PhoneNumber })
            .ToListAsync(cancellationToken);

        var existing = new HashSet<AccountIdentifier>();
        foreach (var identifier in list)
        {
            var hit = identifier.Kind switch
            {
                IdentifierKind.Email => found.Any(c => c.Email == identifier.Value),
                IdentifierKind.AccountId => found.Any(c => c.AccountId == identifier.Value),
                _ => found.Any(c => c.PhoneNumber == identifier.Value),
            };
            if (hit) existing.Add(identifier);
        }
        return existing;
    }

    public async Task<DataSnapshot> ExtractAsync(string demandReference, DisclosureScope scope, DateTimeOffset takenAt, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ExtractAsync(db, demandReference, scope, takenAt, cancellationToken);
    }

    /// <summary>
    /// The same extraction on a given context: the demo seeder's, which sees the customers it has written in its own
    /// (not yet committed) transaction.
    /// </summary>
    public static async Task<DataSnapshot> ExtractAsync(ComplianceDbContext db, string demandReference, DisclosureScope scope, DateTimeOffset takenAt,
        CancellationToken cancellationToken = default)
    {
        var results = new List<IdentifierRecords>();
        foreach (var identifier in scope.Identifiers)
        {
            var customer = await FindAsync(db, identifier, cancellationToken);
            if (customer is null)
            {
                results.Add(new IdentifierRecords(identifier.Kind, identifier.Value, false, []));
                continue;
            }

            var categories = new List<CategoryRecords>();
            foreach (var category in scope.Categories)
                categories.Add(await ExtractCategoryAsync(db, customer, category, scope.DateRange, cancellationToken));
            results.Add(new IdentifierRecords(identifier.Kind, identifier.Value, true, categories));
        }

        return new DataSnapshot(demandReference, takenAt, scope.Categories, scope.DateRange?.From, scope.DateRange?.To, results);
    }

    private static Task<Customer?> FindAsync(ComplianceDbContext db, AccountIdentifier identifier, CancellationToken cancellationToken)
    {
        var customers = db.Customers.AsNoTracking();
        return identifier.Kind switch
        {
            IdentifierKind.Email => customers.SingleOrDefaultAsync(c => c.Email == identifier.Value, cancellationToken),
            IdentifierKind.AccountId => customers.SingleOrDefaultAsync(c => c.AccountId == identifier.Value, cancellationToken),
            _ => customers.FirstOrDefaultAsync(c => c.PhoneNumber == identifier.Value, cancellationToken),
        };
    }

    private static async Task<CategoryRecords> ExtractCategoryAsync(ComplianceDbContext db, Customer customer, DataCategory category,
        Domain.Common.DateRange? range, CancellationToken cancellationToken)
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
                rows = emails.Select(e => (IReadOnlyList<string>)[Format(e.SentAt), e.From, e.To, e.Subject, e.Body]).ToList();
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
    private static (DateTimeOffset From, DateTimeOffset Until) Bounds(Domain.Common.DateRange? range) =>
        range is null ? throw new InvalidOperationException("A time-series category needs a covered date range.") : (range.From, range.EndExclusive);

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
