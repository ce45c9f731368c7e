namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// An emergency request states the danger of death or serious injury that justifies it (DESIGN.md, Sufficiency). The
/// same test and message refuse the registration, raise the blocking pre-check and refuse an approval.
/// </summary>
public static class EmergencyJustification
{
    public const string Message = "An emergency request needs the stated justification (danger of death or serious injury).";

    public static bool IsMissing(ProcessType processType, string? justification) =>
        processType == ProcessType.EmergencyRequest && string.IsNullOrWhiteSpace(justification);
}
