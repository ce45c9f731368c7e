using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands.Rules;

namespace ComplianceReview.Domain.Demands;

public enum FindingSeverity
{
    Warning,
    Blocking,
}

public enum FindingCode
{
    NoSpecificIdentifier,
    BroadIdentifier,
    TooManyIdentifiers,
    CategoryNotAllowed,
    TimeSeriesWithoutDateRange,
    DateRangeTooWide,
    OrderExpired,
    OrderIssuedInFuture,
    DueDatePassed,
    IdentifierNotFound,
    NonDisclosureWithoutEndDate,
    EmergencyWithoutJustification,
    AmbiguousIdentifier,
    OrderDocumentActiveContent,
    SameAgencyAndCaseNumber,
    SameOrderDocument,
    SameAccountInOtherDemand,
    AccountNamedTwice,
    CoveredRangeInFuture,
    CoveredRangeEndsInFuture,

    // Sender pre-checks (SenderChecks): where the demand came from.
    AgencyNotInDirectory,
    AgencyUnverified,
    AgencySuspended,
    SenderFreeMail,
    SenderLookAlikeDomain,
    SenderDomainOfOtherAgency,
    SenderDomainNotAgency,
    SenderContactSuspended,
    SenderFirstSeen,
    AgencyNameMismatch,
}

/// <summary>An automatic pre-check result shown to the reviewer. <see cref="Subject"/> names what it is about, when it is about one thing.</summary>
public sealed record Finding(FindingCode Code, FindingSeverity Severity, string Message, string? Subject = null);

/// <summary>The automatic pre-checks of DESIGN.md, computed from a demand and how its identifiers resolve in the customer data.</summary>
public static class PreChecks
{
    public const int MaxIdentifiers = 25;
    public static readonly TimeSpan MaxDateRange = TimeSpan.FromDays(366);

    public static IReadOnlyList<Finding> Evaluate(LegalDemand demand, Func<AccountIdentifier, IdentifierResolution> resolve, DateTimeOffset now)
    {
        var findings = new List<Finding>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var identifiers = demand.Targets.Select(t => t.Identifier).OfType<AccountIdentifier>().ToList();

        if (identifiers.Count == 0)
            findings.Add(new(FindingCode.NoSpecificIdentifier, FindingSeverity.Blocking, "The demand names no specific account. Blanket access is refused."));

        foreach (var target in demand.Targets.Where(t => t.Identifier is null))
            findings.Add(new(FindingCode.BroadIdentifier, FindingSeverity.Blocking, target.Problem ?? "The identifier is not specific.", target.Raw));

        if (identifiers.Count > MaxIdentifiers)
            findings.Add(new(FindingCode.TooManyIdentifiers, FindingSeverity.Warning,
                $"The demand names {identifiers.Count} accounts (more than {MaxIdentifiers}); check that each is really specified by the order."));

        // A preservation request lists what to hold, not what to disclose: its categories are never "not allowed".
        foreach (var category in demand.ProcessType == ProcessType.PreservationRequest ? [] : demand.RequestedCategories)
        {
            if (SufficiencyPolicy.Refusal(demand.ProcessType, category) is { } refusal)
                findings.Add(new(FindingCode.CategoryNotAllowed, FindingSeverity.Blocking, refusal, category.ToString()));
        }

        if (TimeSeriesRange.IsMissing(demand.RequestedCategories, demand.CoveredRange))
            findings.Add(new(FindingCode.TimeSeriesWithoutDateRange, FindingSeverity.Blocking, TimeSeriesRange.Message));

        if (demand.CoveredRange is { } range && range.Length > MaxDateRange)
            findings.Add(new(FindingCode.DateRangeTooWide, FindingSeverity.Warning,
                $"The covered date range spans {range.Length.TotalDays:0} days (more than {MaxDateRange.TotalDays:0}); consider narrowing it."));

        if (OrderValidity.Expired(demand.ExpiresOn, today) is { } expired)
            findings.Add(new(FindingCode.OrderExpired, FindingSeverity.Blocking, expired));

        if (OrderValidity.IssuedInFuture(demand.IssuedOn, today) is { } future)
            findings.Add(new(FindingCode.OrderIssuedInFuture, FindingSeverity.Blocking, future));

        if (demand.DueAt < now && !demand.IsClosed)
            findings.Add(new(FindingCode.DueDatePassed, FindingSeverity.Warning, $"The response was due {demand.DueAt:yyyy-MM-dd HH:mm} UTC."));

        foreach (var identifier in identifiers)
        {
            var resolution = resolve(identifier);
            if (resolution.Kind == ResolutionKind.NotFound)
                findings.Add(new(FindingCode.IdentifierNotFound, FindingSeverity.Warning,
                    $"{identifier} is not in the customer directory; it will be reported as 'no data found'.", identifier.Value));
            else if (resolution.IsAmbiguous)
                // How many, never who: the reviewer must not learn other customers' accounts from a demand about someone else.
                findings.Add(new(FindingCode.AmbiguousIdentifier, FindingSeverity.Blocking,
                    $"{identifier} matches {resolution.MatchCount} accounts in the customer directory, so it does not name one account "
                    + "and nothing can be disclosed for it. Approve partially without it (for example with an account id the order "
                    + "also names) or reject the demand and ask the agency to name the account.", identifier.Value));
        }

        if (demand.NonDisclosure.Kind == NonDisclosureKind.WithoutEndDate)
            findings.Add(new(FindingCode.NonDisclosureWithoutEndDate, FindingSeverity.Warning,
                "The non-disclosure order has no end date: the customer can never be told. Consider challenging it."));

        if (EmergencyJustification.IsMissing(demand.ProcessType, demand.EmergencyJustification))
            findings.Add(new(FindingCode.EmergencyWithoutJustification, FindingSeverity.Blocking, EmergencyJustification.Message));

        // A warning, not a block: the order is still legal process, and the file is kept unchanged as evidence.
        // The risk is to whoever opens it, so the reviewer is told what it holds (docs/decisions/0007-hostile-order-documents.md).
        if (demand.OrderDocument is { HasActiveContent: true } order)
            findings.Add(new(FindingCode.OrderDocumentActiveContent, FindingSeverity.Warning,
                $"The order document contains active content: {order.ActiveContent.Describe()}. It is kept unchanged as evidence " +
                $"(SHA-256 {order.Sha256}); the download asks for confirmation and is saved as a file, never opened in the browser. " +
                "Open it only in a viewer with scripts and attachments turned off, or ask the agency for a plain copy.", order.FileName));

        return findings;
    }
}
