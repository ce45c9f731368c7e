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
        ArgumentNullException.ThrowIfNull(scope);
        var resolutions = await ResolveAsync(scope.Identifiers, cancellationToken);
        IdentifierResolution.RefuseAmbiguous(scope.Identifiers, resolutions.Of);

        var results = new List<IdentifierRecords>();
        foreach (var identifier in scope.Identifiers)
        {
            var categories = resolutions.Of(identifier).AccountId is { } account
                ? await ReadAccountAsync(account, scope.Categories, scope.DateRange, cancellationToken)
                : null;
            if (categories is not null && !categories.Select(c => c.Category).SequenceEqual(scope.Categories))
                throw new InvalidOperationException($"{GetType().Name} returned categories other than the approved ones for {identifier}; nothing is extracted.");
            results.Add(categories is null
                ? new IdentifierRecords(identifier.Kind, identifier.Value, false, [])
                : new IdentifierRecords(identifier.Kind, identifier.Value, true, categories));
        }
        return new DataSnapshot(demandReference, takenAt, scope.Categories, scope.DateRange?.From, scope.DateRange?.To, results);
    }

    /// <summary>
    /// The approved categories of one account, in the given order: its key is one that <see cref="ResolveAsync"/> returned
    /// as <see cref="ResolutionKind.Unique"/>. Time-series rows only inside <paramref name="range"/>, both bounds included;
    /// null if the account is gone since it was resolved.
    /// </summary>
    protected abstract Task<IReadOnlyList<CategoryRecords>?> ReadAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
        CancellationToken cancellationToken);
}
