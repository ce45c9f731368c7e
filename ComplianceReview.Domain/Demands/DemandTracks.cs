using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

/// <summary>How the customer was told about a disclosure.</summary>
public enum NotificationChannel
{
    Email,
    Post,
    InProduct,
    Other,
}

/// <summary>
/// Where the customer notification of a demand stands, derived from its state and the day:
/// not due (not disclosed), deferred (a non-disclosure order is in force), due, or recorded.
/// </summary>
public enum NotificationStatus
{
    NotDue,
    Deferred,
    Due,
    Recorded,
}

/// <summary>Limits of the follow-up legal process recorded after an emergency disclosure.</summary>
public static class FollowUpProcess
{
    public const int MaxDescriptionLength = 1000;

    /// <summary>Default days between an emergency disclosure and its follow-up legal process (<c>Emergency:FollowUpDays</c>).</summary>
    public const int DefaultFollowUpDays = 30;
}

public static class NotificationChannelText
{
    public static string Display(this NotificationChannel channel) => Words.Of(channel);
}
