using System.ComponentModel.DataAnnotations;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Services.Reports;

/// <summary>The <c>Emergency</c> configuration section.</summary>
public sealed class EmergencyOptions
{
    public const string Section = "Emergency";

    /// <summary>Days after an emergency disclosure within which the follow-up legal process is due.</summary>
    [Range(1, 365)]
    public int FollowUpDays { get; set; } = FollowUpProcess.DefaultFollowUpDays;
}

/// <summary>The <c>Preservation</c> configuration section.</summary>
public sealed class PreservationOptions
{
    public const string Section = "Preservation";

    /// <summary>A preservation ending within this many days is flagged on the expiry list.</summary>
    [Range(1, 90)]
    public int ExpiryWarningDays { get; set; } = 14;
}
