using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Components.Pages.Demands;

/// <summary>What a reviewer decided in the <see cref="DecisionPanel"/>; the page turns it into one DemandService call.</summary>
public sealed record DecisionRequest(
    DemandAction Action,
    string Reason,
    RejectionReason? RejectionCode = null,
    IReadOnlyList<AccountIdentifier>? Identifiers = null,
    IReadOnlyList<DataCategory>? Categories = null,
    DateRange? Range = null);

public static class RejectionReasonText
{
    public static string Display(this RejectionReason reason) => Words.Of(reason);
}

/// <summary>Assign or hand over a demand (the <see cref="AssignmentPanel"/>'s request).</summary>
public sealed record AssignmentRequest(string AssigneeId, string? Note);
