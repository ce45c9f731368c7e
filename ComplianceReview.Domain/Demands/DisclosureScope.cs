using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

/// <summary>
/// Identifiers x data categories x covered date range. An approved scope is created only by
/// <see cref="Approve"/>, which refuses anything wider than the request or than the process type allows.
/// </summary>
public sealed class DisclosureScope
{
    private DisclosureScope(IEnumerable<AccountIdentifier> identifiers, IEnumerable<DataCategory> categories, DateRange? dateRange)
    {
        Identifiers = identifiers.Distinct().OrderBy(i => i.Kind).ThenBy(i => i.Value, StringComparer.Ordinal).ToList();
        Categories = categories.Distinct().Order().ToList();
        DateRange = dateRange;
    }

    public IReadOnlyList<AccountIdentifier> Identifiers { get; }
    public IReadOnlyList<DataCategory> Categories { get; }
    public DateRange? DateRange { get; }

    public bool IncludesContent => Categories.Any(c => c.Kind() == DataKind.Content);

    /// <summary>What was asked for, as received. It may be wider than the policy allows: that is what review is for.</summary>
    public static DisclosureScope Requested(IEnumerable<AccountIdentifier> identifiers, IEnumerable<DataCategory> categories, DateRange? dateRange) =>
        new(identifiers, categories, dateRange);

    /// <summary>
    /// A scope as a decision recorded it (read back from storage): it was validated by <see cref="Approve"/> when the
    /// decision was made and is not checked again, so reading a demand never throws.
    /// </summary>
    internal static DisclosureScope Recorded(IEnumerable<AccountIdentifier> identifiers, IEnumerable<DataCategory> categories, DateRange? dateRange) =>
        new(identifiers, categories, dateRange);

    /// <summary>The scope a reviewer approves: refused if it is empty or wider than the request or the process type allows.</summary>
    public static DisclosureScope Approve(DisclosureScope requested, ProcessType processType,
        IEnumerable<AccountIdentifier> identifiers, IEnumerable<DataCategory> categories, DateRange? dateRange)
    {
        var scope = new DisclosureScope(identifiers, categories, dateRange);
        if (scope.Identifiers.Count == 0) throw new DomainException("An approved scope names at least one specific identifier.");
        if (scope.Categories.Count == 0) throw new DomainException("An approved scope covers at least one data category.");

        var extraIds = scope.Identifiers.Except(requested.Identifiers).ToList();
        if (extraIds.Count > 0)
            throw new DomainException($"The approved scope names identifiers the demand did not: {string.Join(", ", extraIds)}.");

        var extraCats = scope.Categories.Except(requested.Categories).ToList();
        if (extraCats.Count > 0)
            throw new DomainException($"The approved scope covers categories the demand did not ask for: {string.Join(", ", extraCats.Select(c => c.Display()))}.");

        foreach (var category in scope.Categories)
        {
            if (SufficiencyPolicy.Refusal(processType, category) is { } refusal) throw new DomainException(refusal);
        }

        if (scope.DateRange is not null)
        {
            if (requested.DateRange is null)
                throw new DomainException("The demand covers no date range, so the approval cannot add one.");
            if (!requested.DateRange.Contains(scope.DateRange))
                throw new DomainException($"The approved date range must lie within the requested one ({requested.DateRange}).");
        }
        else if (Rules.TimeSeriesRange.IsMissing(scope.Categories, null))
        {
            throw new DomainException(Rules.TimeSeriesRange.Message);
        }

        return scope;
    }

    public bool IsSameAs(DisclosureScope other) =>
        Identifiers.SequenceEqual(other.Identifiers) && Categories.SequenceEqual(other.Categories) && Equals(DateRange, other.DateRange);

    public string Describe()
    {
        var range = DateRange is null ? "no date range" : DateRange.ToString();
        return $"{Identifiers.Count} identifier(s): {string.Join(", ", Identifiers)}; categories: {string.Join(", ", Categories.Select(c => c.Display()))}; {range}";
    }
}
