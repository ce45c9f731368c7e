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
    public static string Display(this ProcessType type) => type switch
    {
        ProcessType.Subpoena => "Subpoena",
        ProcessType.CourtOrder => "Court order",
        ProcessType.SearchWarrant => "Search warrant",
        ProcessType.EmergencyRequest => "Emergency request",
        ProcessType.PreservationRequest => "Preservation request",
        _ => type.ToString(),
    };
}
