namespace ComplianceReview.Domain.Demands;

/// <summary>
/// A covered date range that lies in the future asks for data that does not exist yet: disclosing it as it arrives would be
/// prospective collection, which a demand for stored records does not authorise. Entirely in the future: blocking (there
/// is nothing to disclose). Ending in the future: a warning (only what exists at approval is extracted).
/// </summary>
public static class CoveredRangeChecks
{
    public static IReadOnlyList<Finding> Evaluate(LegalDemand demand, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(demand);
        if (demand.CoveredRange is not { } range || demand.ProcessType == ProcessType.PreservationRequest) return [];
        if (range.From > now)
            return [new(FindingCode.CoveredRangeInFuture, FindingSeverity.Blocking,
                $"The covered range ({range}) lies entirely in the future: there are no records yet, and stored-records process does not " +
                "authorise collecting them as they arrive. Reject it or ask the agency for the range it means.")];
        if (range.To > now)
            return [new(FindingCode.CoveredRangeEndsInFuture, FindingSeverity.Warning,
                $"The covered range ({range}) ends in the future: only records that exist when the demand is approved are extracted.")];
        return [];
    }
}
