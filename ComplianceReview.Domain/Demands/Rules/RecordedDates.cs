using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// Facts recorded after the event (a follow-up legal process, a customer notification) are dated on or before today:
/// a day that has not come yet is refused.
/// </summary>
public static class RecordedDates
{
    public static void RefuseFuture(DateOnly date, DateTimeOffset now, string what)
    {
        if (date > DateOnly.FromDateTime(now.UtcDateTime)) throw new DomainException($"{what} cannot be recorded for a day that has not come yet.");
    }
}
