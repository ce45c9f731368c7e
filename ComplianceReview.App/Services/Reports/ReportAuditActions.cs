namespace ComplianceReview.App.Services.Reports;

/// <summary>Audited actions of the report and the tracks; stable strings, as they are part of the hashed entries.</summary>
public static class ReportAuditActions
{
    public const string TransparencyReportPublished = "TransparencyReportPublished";
    public const string TransparencyReportExported = "TransparencyReportExported";
    public const string FollowUpProcessRecorded = "FollowUpProcessRecorded";
    public const string CustomerNotificationRecorded = "CustomerNotificationRecorded";
}
