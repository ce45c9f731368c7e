using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// Time-series categories (connection history, e-mail, files) are disclosed only within a covered date range (DESIGN.md,
/// Pre-checks). The pre-check and the approved scope use the same test and message.
/// </summary>
public static class TimeSeriesRange
{
    public const string Message = "Time-series categories (connection history, e-mail, files) need a covered date range.";

    public static bool IsMissing(IEnumerable<DataCategory> categories, DateRange? range) =>
        range is null && categories.Any(c => c.IsTimeSeries());
}
