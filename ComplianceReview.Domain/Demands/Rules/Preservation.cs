using System.Globalization;

namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// A preservation holds the data for <see cref="Period"/> and can be extended once by the same period, while it has not
/// expired (DESIGN.md, Workflow). Pages say the period through <see cref="PeriodText"/>, never as a number of their own.
/// </summary>
public static class Preservation
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(90);

    public static string PeriodText => string.Create(CultureInfo.InvariantCulture, $"{Period.TotalDays:0} days");

    public static readonly string ExtendedOnceMessage = $"A preservation can be extended once only (one further {PeriodText}).";

    public const string ExpiredMessage = "The preservation has already expired; it can only be released.";

    /// <summary>Why a hold until <paramref name="preservedUntil"/> cannot be extended at <paramref name="now"/>, or null if it can.</summary>
    public static string? ExtensionRefusal(bool alreadyExtended, DateTimeOffset? preservedUntil, DateTimeOffset now) =>
        alreadyExtended ? ExtendedOnceMessage
        : preservedUntil < now ? ExpiredMessage
        : null;
}
