using System.Globalization;

namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// An order is approved only while it is valid (DESIGN.md, Pre-checks: "order expired or issued in the future"): not
/// past its expiry date, not dated after today. The pre-check and the approval use these messages.
/// </summary>
public static class OrderValidity
{
    /// <summary>Why the order has expired on <paramref name="today"/>, or null.</summary>
    public static string? Expired(DateOnly? expiresOn, DateOnly today) =>
        expiresOn is { } expires && expires < today
            ? string.Create(CultureInfo.InvariantCulture, $"The order expired on {expires:yyyy-MM-dd}; it cannot be approved.")
            : null;

    /// <summary>Why the order is dated in the future on <paramref name="today"/>, or null.</summary>
    public static string? IssuedInFuture(DateOnly issuedOn, DateOnly today) =>
        issuedOn > today
            ? string.Create(CultureInfo.InvariantCulture, $"The order is dated {issuedOn:yyyy-MM-dd}, which is in the future; it cannot be approved.")
            : null;
}
