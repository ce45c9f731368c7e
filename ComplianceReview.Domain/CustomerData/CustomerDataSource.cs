using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.CustomerData;

/// <summary>
/// The port to the provider's customer data: it resolves identifiers and returns only what a scope covers, nothing more.
/// <para>
/// Matching, the same for every source: an identifier matches the accounts whose identifier of the same kind equals its
/// normalised value (<see cref="AccountIdentifier.Value"/>). E-mail addresses and account ids compare case-insensitively
/// (the whole address: <c>Alice@Contoso.com</c> is <c>alice@contoso.com</c>) and otherwise exactly: no sub-address folding
/// (<c>alice+news@</c> is not <c>alice@</c>), no dot folding, no domain aliases; phone numbers compare as E.164. A fold
/// would reach an account the order does not name, while a missed one only shows as "not found" to the reviewer.
/// </para>
/// <para>
/// An identifier that matches more than one account (a shared phone number, two addresses differing only in case) is
/// <see cref="ResolutionKind.Ambiguous"/>: never resolved to one of them, and <see cref="ExtractAsync"/> refuses it.
/// Implementations derive from <see cref="CustomerDataSource"/>, which enforces that.
/// </para>
/// </summary>
public interface ICustomerDataSource
{
    /// <summary>How each of these identifiers resolves; the answer holds every identifier asked about.</summary>
    Task<IdentifierResolutions> ResolveAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extracts the named identifiers' data for the approved categories, time-series rows inside the range (bounds inclusive).
    /// </summary>
    /// <exception cref="AmbiguousIdentifierException">An identifier of the scope matches more than one account; nothing is read.</exception>
    Task<DataSnapshot> ExtractAsync(string demandReference, DisclosureScope scope, DateTimeOffset takenAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every identifier of the one account <paramref name="identifier"/> resolves to (its e-mail address, account id, phone
    /// number), for finding the demands that name that customer in any of them; just <paramref name="identifier"/> when it
    /// resolves to no account or to several, or when the source cannot tell. Reads no customer data beyond identifiers.
    /// </summary>
    Task<IReadOnlyList<AccountIdentifier>> IdentifiersOfAccountAsync(AccountIdentifier identifier, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountIdentifier>>([identifier]);

    /// <summary>The same extraction record by record into <paramref name="sink"/>, with each record's native file when the store has one.</summary>
    /// <exception cref="AmbiguousIdentifierException">An identifier of the scope matches more than one account; nothing is read.</exception>
    Task ExtractToAsync(string demandReference, DisclosureScope scope, DateTimeOffset takenAt, ISnapshotSink sink, CancellationToken cancellationToken = default);
}

/// <summary>
/// What every customer data source shares: the extraction resolves the scope's identifiers, refuses an ambiguous one before
/// reading anything, and reads each uniquely resolved account by its key, so no source can pick one of several matches.
/// The categories a source returns are checked against the scope.
/// </summary>
public abstract class CustomerDataSource : ICustomerDataSource
{
    public abstract Task<IdentifierResolutions> ResolveAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="ICustomerDataSource.IdentifiersOfAccountAsync"/>
    public virtual Task<IReadOnlyList<AccountIdentifier>> IdentifiersOfAccountAsync(AccountIdentifier identifier, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountIdentifier>>([identifier]);

    public async Task<DataSnapshot> ExtractAsync(string demandReference, DisclosureScope scope, DateTimeOffset takenAt, CancellationToken cancellationToken = default)
    {
        var collector = new SnapshotCollector();
        await ExtractToAsync(demandReference, scope, takenAt, collector, cancellationToken);
        return collector.Snapshot;
    }

    /// <summary>
    /// The extraction, record by record into <paramref name="sink"/>, so its size is not bounded by memory: the same
    /// resolution, refusal of ambiguous identifiers and category check as <see cref="ExtractAsync"/> (which is this into a
    /// <see cref="SnapshotCollector"/>).
    /// </summary>
    /// <exception cref="AmbiguousIdentifierException">An identifier of the scope matches more than one account; nothing is read.</exception>
    public async Task ExtractToAsync(string demandReference, DisclosureScope scope, DateTimeOffset takenAt, ISnapshotSink sink,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(sink);
        var resolutions = await ResolveAsync(scope.Identifiers, cancellationToken);
        IdentifierResolution.RefuseAmbiguous(scope.Identifiers, resolutions.Of);

        await sink.BeginAsync(new SnapshotHeader(demandReference, takenAt, scope.Categories, scope.DateRange?.From, scope.DateRange?.To), cancellationToken);
        foreach (var identifier in scope.Identifiers)
        {
            if (resolutions.Of(identifier).AccountId is not { } account)
            {
                await sink.IdentifierAsync(identifier.Kind, identifier.Value, false, cancellationToken);
                continue;
            }
            var guard = new ApprovedCategoriesOnly(sink, identifier, scope.Categories, GetType().Name);
            var exists = await StreamAccountAsync(account, scope.Categories, scope.DateRange, guard, cancellationToken);
            await guard.EndAsync(exists, cancellationToken);
        }
        await sink.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Writes one account's approved categories, in the given order, with their rows (time series only inside
    /// <paramref name="range"/>); false if the account is gone since it was resolved. By default through
    /// <see cref="ReadAccountAsync"/>; a source whose records do not fit in memory writes them one by one instead.
    /// </summary>
    protected virtual async Task<bool> StreamAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        IAccountRecordWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var records = await ReadAccountAsync(accountId, categories, range, cancellationToken);
        if (records is null) return false;
        foreach (var category in records)
        {
            await writer.CategoryAsync(category.Category, category.Columns, cancellationToken);
            foreach (var row in category.Rows) await writer.RowAsync(row, null, cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// The approved categories of one account, in the given order: its key is one that <see cref="ResolveAsync"/> returned
    /// as <see cref="ResolutionKind.Unique"/>. Time-series rows only inside <paramref name="range"/>, both bounds included;
    /// null if the account is gone since it was resolved.
    /// </summary>
    protected abstract Task<IReadOnlyList<CategoryRecords>?> ReadAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        CancellationToken cancellationToken);


    /// <summary>
    /// Passes one account's records on only as the approved categories, in the approved order, each row as wide as its
    /// category's columns: a source that returns anything else stops the extraction.
    /// </summary>
    private sealed class ApprovedCategoriesOnly(ISnapshotSink sink, AccountIdentifier identifier, IReadOnlyList<DataCategory> approved, string source)
        : IAccountRecordWriter
    {
        private int _next;
        private int _columns = -1;

        public async ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(columns);
            if (_next >= approved.Count || approved[_next] != category) throw Refused();
            if (_next == 0) await sink.IdentifierAsync(identifier.Kind, identifier.Value, true, cancellationToken);
            _next++;
            _columns = columns.Count;
            await sink.CategoryAsync(category, columns, cancellationToken);
        }

        public ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (_columns < 0) throw Refused();
            if (values.Count != _columns)
                throw new InvalidOperationException($"{source} returned a row of {values.Count} values for {_columns} columns for {identifier}; nothing is extracted.");
            return sink.RowAsync(values, native, cancellationToken);
        }

        public async ValueTask EndAsync(bool exists, CancellationToken cancellationToken)
        {
            if (!exists && _next == 0)
            {
                await sink.IdentifierAsync(identifier.Kind, identifier.Value, false, cancellationToken);
                return;
            }
            if (!exists || _next != approved.Count) throw Refused();
        }

        private InvalidOperationException Refused() =>
            new($"{source} returned categories other than the approved ones for {identifier}; nothing is extracted.");
    }
}
