using System.Globalization;

namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// Which demands are still work (open) and which are done, and the "due soon" window of the dashboard and the queue:
/// one list for every query, count and badge.
/// </summary>
public static class OpenDemands
{
    /// <summary>Open: received, in review, or awaiting sign-off. Preserved demands are held, not worked on.</summary>
    public static readonly IReadOnlyList<DemandStatus> Statuses = [DemandStatus.Received, DemandStatus.InReview, DemandStatus.AwaitingSignOff];

    /// <summary>Closed: nothing more happens to the demand.</summary>
    public static readonly IReadOnlyList<DemandStatus> ClosedStatuses = [DemandStatus.Disclosed, DemandStatus.Rejected, DemandStatus.Released];

    public static readonly TimeSpan DueSoonWindow = TimeSpan.FromHours(48);

    public static string DueSoonText => string.Create(CultureInfo.InvariantCulture, $"{DueSoonWindow.TotalHours:0} hours");

    public static bool IsOpen(this DemandStatus status) => Statuses.Contains(status);

    public static bool IsClosed(this DemandStatus status) => ClosedStatuses.Contains(status);
}
