using ComplianceReview.Domain.CustomerData;

namespace ComplianceReview.Domain.Demands;

/// <summary>How another demand overlaps this one; a demand can overlap in several ways at once.</summary>
[Flags]
public enum DemandOverlap
{
    None = 0,
    SameAgencyAndCaseNumber = 1,
    SameOrderDocument = 2,
    SameAccount = 4,
}

/// <summary>
/// Another demand that overlaps the one being checked, as the service found it: by agency and case number, by the order
/// document's SHA-256, or (open, or closed within <see cref="OverlapChecks.RecentDays"/>) about an account this one names.
/// <see cref="Accounts"/> are the shared accounts' labels (<see cref="IdentifierResolution.AccountLabel"/>).
/// </summary>
public sealed record RelatedDemand(DemandReference Reference, DemandStatus Status, DateTimeOffset? ClosedAt, DemandOverlap Overlap,
    IReadOnlyList<string> Accounts);

/// <summary>
/// The duplicate and overlap pre-checks: a demand registered twice, an order served twice, or an account that another open
/// or recent demand already covers. Warnings: the reviewer decides whether it is a duplicate (reject or void it), a
/// follow-up, or a second order that really is new. And, within the demand, one account named by several identifiers.
/// </summary>
public static class OverlapChecks
{
    /// <summary>A closed demand about the same account counts as recent for this many days after it closed.</summary>
    public const int RecentDays = 90;

    public static IReadOnlyList<Finding> Evaluate(LegalDemand demand, IEnumerable<RelatedDemand> related, Func<AccountIdentifier, IdentifierResolution> resolve)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(related);
        var findings = new List<Finding>();
        foreach (var other in related.Where(r => r.Reference != demand.Reference).OrderBy(r => r.Reference.Value, StringComparer.Ordinal))
        {
            var state = Describe(other);
            if (other.Overlap.HasFlag(DemandOverlap.SameAgencyAndCaseNumber))
                findings.Add(new(FindingCode.SameAgencyAndCaseNumber, FindingSeverity.Warning,
                    $"{other.Reference} ({state}) has the same agency and case number ({demand.CaseNumber}). If it is the same demand, void this one as a duplicate.",
                    other.Reference.Value));
            if (other.Overlap.HasFlag(DemandOverlap.SameOrderDocument))
                findings.Add(new(FindingCode.SameOrderDocument, FindingSeverity.Warning,
                    $"{other.Reference} ({state}) came with the same order document (SHA-256 {demand.OrderDocument?.Sha256}). One order is answered once.",
                    other.Reference.Value));
            if (other.Overlap.HasFlag(DemandOverlap.SameAccount) && other.Accounts.Count > 0)
                findings.Add(new(FindingCode.SameAccountInOtherDemand, FindingSeverity.Warning,
                    $"{other.Reference} ({state}) is about the same account{(other.Accounts.Count > 1 ? "s" : "")} ({string.Join(", ", other.Accounts)}). " +
                    "Check that this demand is not a copy of it before disclosing anything again.",
                    other.Reference.Value));
        }

        // Within the demand: several identifiers of one account give one section in the package and count as one account.
        var identifiers = demand.Targets.Select(t => t.Identifier).OfType<AccountIdentifier>().Distinct().ToList();
        foreach (var account in identifiers.Select(i => (Identifier: i, Resolution: resolve(i)))
                     .Where(r => r.Resolution.Kind == ResolutionKind.Unique)
                     .GroupBy(r => r.Resolution.AccountId, StringComparer.Ordinal)
                     .Where(g => g.Count() > 1))
        {
            var label = account.First().Resolution.AccountLabel;
            findings.Add(new(FindingCode.AccountNamedTwice, FindingSeverity.Warning,
                $"{string.Join(" and ", account.Select(a => a.Identifier.Value))} name one account ({label}): it is disclosed in one section and counted once.",
                label));
        }
        return findings;
    }

    private static string Describe(RelatedDemand other) => other.ClosedAt is { } closed
        ? $"{other.Status.ToString().ToLowerInvariant()} on {closed:yyyy-MM-dd}"
        : other.Status.ToString().ToLowerInvariant() switch
        {
            "inreview" => "in review",
            "awaitingsignoff" => "awaiting sign-off",
            var s => s,
        };
}
