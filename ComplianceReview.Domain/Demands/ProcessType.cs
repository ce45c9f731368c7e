using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

public enum ProcessType
{
    Subpoena,
    CourtOrder,
    SearchWarrant,
    EmergencyRequest,
    PreservationRequest,
}

public static class ProcessTypeText
{
    public static string Display(this ProcessType type) => Words.Of(type);
}
