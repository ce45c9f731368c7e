using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.CustomerData;

public enum ResolutionKind
{
    NotFound,
    Unique,
    Ambiguous,
}

/// <summary>
/// How one identifier resolves in a customer data source: to no account, to exactly one (<see cref="AccountId"/>), or to
/// several. Only a unique resolution may ever be disclosed; an ambiguous one says how many accounts match, never which.
/// </summary>
public sealed record IdentifierResolution
{
    public static readonly IdentifierResolution NotFound = new(ResolutionKind.NotFound, 0, null);

    private IdentifierResolution(ResolutionKind kind, int matchCount, string? accountId, string? accountLabel = null)
    {
        Kind = kind;
        MatchCount = matchCount;
        AccountId = accountId;
        AccountLabel = accountLabel ?? accountId;
    }

    public ResolutionKind Kind { get; }

    /// <summary>How many accounts match: 0, 1, or 2 and more.</summary>
    public int MatchCount { get; }

    /// <summary>The source's key of the one matching account; null unless <see cref="Kind"/> is <see cref="ResolutionKind.Unique"/>.</summary>
    public string? AccountId { get; }

    /// <summary>
    /// How people know the one matching account (the directory's account id, such as <c>acct-10003</c>), shown beside each
    /// identifier so a reviewer sees two identifiers naming one account; the key when the source has no such name.
    /// </summary>
    public string? AccountLabel { get; }

    public bool IsAmbiguous => Kind == ResolutionKind.Ambiguous;

    public static IdentifierResolution Unique(string accountId, string? accountLabel = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        return new(ResolutionKind.Unique, 1, accountId, string.IsNullOrWhiteSpace(accountLabel) ? null : accountLabel);
    }

    public static IdentifierResolution Ambiguous(int matchCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(matchCount, 2);
        return new(ResolutionKind.Ambiguous, matchCount, null);
    }

    /// <summary>The resolution for the keys of every account that matched (a source collects them, then calls this).</summary>
    public static IdentifierResolution FromMatches(IEnumerable<string> accountIds)
    {
        var distinct = accountIds.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => NotFound,
            1 => Unique(distinct[0]),
            _ => Ambiguous(distinct.Count),
        };
    }

    /// <summary>The resolution for every account that matched, each by its key and its label (see <see cref="AccountLabel"/>).</summary>
    public static IdentifierResolution FromLabelledMatches(IEnumerable<(string Key, string Label)> accounts)
    {
        var distinct = accounts.DistinctBy(a => a.Key, StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? Unique(distinct[0].Key, distinct[0].Label) : FromMatches(distinct.Select(a => a.Key));
    }

    /// <summary>
    /// Refuses the identifiers that match more than one account. The one place this rule is worded: the approval (the
    /// domain) and the extraction (every data source) both call it.
    /// </summary>
    /// <exception cref="AmbiguousIdentifierException">At least one identifier is ambiguous.</exception>
    public static void RefuseAmbiguous(IEnumerable<AccountIdentifier> identifiers, Func<AccountIdentifier, IdentifierResolution> resolve)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(resolve);
        var ambiguous = identifiers.Select(i => (Identifier: i, Resolution: resolve(i))).Where(r => r.Resolution.IsAmbiguous)
            .Select(r => (r.Identifier, r.Resolution.MatchCount)).ToList();
        if (ambiguous.Count > 0) throw new AmbiguousIdentifierException(ambiguous);
    }
}

/// <summary>What one source answered for a set of identifiers; asking about an identifier it was not given is a bug.</summary>
public sealed class IdentifierResolutions
{
    private readonly Dictionary<AccountIdentifier, IdentifierResolution> _byIdentifier;

    public IdentifierResolutions(IEnumerable<KeyValuePair<AccountIdentifier, IdentifierResolution>> resolutions)
    {
        ArgumentNullException.ThrowIfNull(resolutions);
        _byIdentifier = new Dictionary<AccountIdentifier, IdentifierResolution>(resolutions);
    }

    public static IdentifierResolutions Of(IEnumerable<AccountIdentifier> identifiers, Func<AccountIdentifier, IdentifierResolution> resolve) =>
        new(identifiers.Distinct().Select(i => KeyValuePair.Create(i, resolve(i))));

    public IReadOnlyCollection<AccountIdentifier> Identifiers => _byIdentifier.Keys;

    public IdentifierResolution Of(AccountIdentifier identifier) =>
        _byIdentifier.TryGetValue(identifier, out var resolution)
            ? resolution
            : throw new InvalidOperationException($"{identifier} was not resolved; resolve every identifier of a scope before using it.");
}

/// <summary>
/// An identifier that matches more than one account was about to be approved or extracted. Nothing is disclosed for it:
/// the reviewer narrows the approval to identifiers that name one account, or rejects the demand.
/// </summary>
public sealed class AmbiguousIdentifierException(IReadOnlyList<(AccountIdentifier Identifier, int MatchCount)> ambiguous)
    : DomainException(Describe(ambiguous))
{
    public IReadOnlyList<(AccountIdentifier Identifier, int MatchCount)> Ambiguous { get; } = ambiguous;

    private static string Describe(IReadOnlyList<(AccountIdentifier Identifier, int MatchCount)> ambiguous) =>
        $"{string.Join("; ", ambiguous.Select(a => $"{a.Identifier} matches {a.MatchCount} accounts"))}. An identifier that does not name one "
        + "account is never disclosed: approve partially without it (for example with an account id the order also names) or reject the demand.";
}
