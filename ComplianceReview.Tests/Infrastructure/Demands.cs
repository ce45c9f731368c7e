using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>Registrations for service and API tests; the demo customers are acct-10001.. (seeded) or none (empty database).</summary>
public static class Registrations
{
    public static DemandRegistration CourtOrder(DateTimeOffset now, params string[] targets) => new()
    {
        AgencyName = "Federal Bureau of Investigation",
        AgencyCountry = "US",
        ProcessType = ProcessType.CourtOrder,
        IssuingAuthority = "U.S. District Court for the Northern District of California",
        CaseNumber = "US-2026-" + Guid.NewGuid().ToString("N")[..6],
        IssuedOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2),
        ReceivedAt = now.AddHours(-1),
        DueAt = now.AddDays(14),
        Targets = targets.Length > 0 ? targets : ["alice@contoso.com", "acct-10002"],
        Categories = [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory, DataCategory.EmailContent],
        CoveredFrom = now.AddDays(-90),
        CoveredTo = now.AddDays(-1),
    };

    public static DemandRegistration Subpoena(DateTimeOffset now, params string[] targets) => CourtOrder(now, targets) with
    {
        ProcessType = ProcessType.Subpoena,
        Categories = [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory],
    };

    public static DemandRegistration Preservation(DateTimeOffset now) => CourtOrder(now) with { ProcessType = ProcessType.PreservationRequest };
}
