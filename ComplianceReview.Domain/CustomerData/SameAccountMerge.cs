using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.CustomerData;

/// <summary>
/// One account named by several identifiers of a demand (an e-mail address and its account id) is one account: its records
/// appear once, in the section of the identifier named first, which lists the others (<see cref="IdentifierRecords.AlsoNamedAs"/>),
/// and are counted once. Without this the package repeats the same records in two sections and counts them twice.
/// </summary>
public static class SameAccountMerge
{
    public static DataSnapshot Merge(DataSnapshot snapshot, Func<AccountIdentifier, IdentifierResolution> resolve)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(resolve);
        var sections = new List<IdentifierRecords>();
        var sectionOfAccount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in snapshot.Identifiers)
        {
            var account = section.Found && AccountIdentifier.TryParse(section.Identifier, out var identifier, out _) && identifier.Kind == section.Kind
                ? resolve(identifier).AccountId
                : null;
            if (account is not null && sectionOfAccount.TryGetValue(account, out var first))
            {
                var kept = sections[first];
                sections[first] = kept with { AlsoNamedAs = [.. kept.AlsoNamedAs ?? [], section.Identifier] };
                continue;
            }
            if (account is not null) sectionOfAccount[account] = sections.Count;
            sections.Add(section);
        }
        return sections.Count == snapshot.Identifiers.Count ? snapshot : snapshot with { Identifiers = sections };
    }

    /// <summary>How many accounts the identifiers name: each account found once, each identifier not found (or ambiguous) as one.</summary>
    public static int CountAccounts(IEnumerable<AccountIdentifier> identifiers, Func<AccountIdentifier, IdentifierResolution> resolve)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(resolve);
        return identifiers.Distinct()
            .Select(i => resolve(i) is { Kind: ResolutionKind.Unique, AccountId: { } account } ? "account:" + account : "identifier:" + i.Kind + ":" + i.Value)
            .Distinct(StringComparer.Ordinal)
            .Count();
    }
}
