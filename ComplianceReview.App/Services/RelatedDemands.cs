using ComplianceReview.App.Data;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

/// <summary>
/// The other demands that overlap one (for <see cref="OverlapChecks"/>): the same agency and case number, the same order
/// document, or open or recently closed and about an account this one names. Each question is one indexed query
/// (case number, order SHA-256, target account key or value), bounded by <see cref="MaxPerQuestion"/>.
/// </summary>
public static class RelatedDemands
{
    public const int MaxPerQuestion = 20;

    public static async Task<IReadOnlyList<RelatedDemand>> FindAsync(ComplianceDbContext db, LegalDemand demand, IdentifierResolutions resolutions,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = demand.Id;
        var agency = demand.Agency.Name;
        var caseNumber = demand.CaseNumber;
        var found = new Dictionary<DemandReference, (DemandStatus Status, DateTimeOffset? ClosedAt, DemandOverlap Overlap, SortedSet<string> Accounts)>();
        void Add(DemandReference reference, DemandStatus status, DateTimeOffset? closedAt, DemandOverlap overlap, IEnumerable<string> accounts)
        {
            var entry = found.TryGetValue(reference, out var existing) ? existing : (status, closedAt, DemandOverlap.None, new SortedSet<string>(StringComparer.Ordinal));
            entry.Item3 |= overlap;
            entry.Item4.UnionWith(accounts);
            found[reference] = entry;
        }

        var sameCase = await db.Demands.AsNoTracking()
            .Where(d => d.Id != id && d.CaseNumber == caseNumber && d.Agency.Name == agency)
            .OrderBy(d => d.Reference).Take(MaxPerQuestion)
            .Select(d => new { d.Reference, d.Status, d.ClosedAt })
            .ToListAsync(cancellationToken);
        foreach (var d in sameCase) Add(d.Reference, d.Status, d.ClosedAt, DemandOverlap.SameAgencyAndCaseNumber, []);

        if (demand.OrderDocument?.Sha256 is { } sha)
        {
            var sameOrder = await db.Demands.AsNoTracking()
                .Where(d => d.Id != id && d.OrderDocument != null && d.OrderDocument.Sha256 == sha)
                .OrderBy(d => d.Reference).Take(MaxPerQuestion)
                .Select(d => new { d.Reference, d.Status, d.ClosedAt })
                .ToListAsync(cancellationToken);
            foreach (var d in sameOrder) Add(d.Reference, d.Status, d.ClosedAt, DemandOverlap.SameOrderDocument, []);
        }

        // The accounts this demand names, by key (found now) and by identifier value (for demands registered before keys were recorded).
        var identifiers = demand.Targets.Select(t => t.Identifier).OfType<AccountIdentifier>().Distinct().ToList();
        var labelOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelOfValue = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            var resolution = resolutions.Of(identifier);
            if (resolution.IsAmbiguous) continue;
            var label = resolution.AccountLabel ?? identifier.Value;
            if (resolution.AccountId is { } key) labelOfKey[key] = label;
            labelOfValue[identifier.Value] = label;
        }
        if (labelOfValue.Count > 0)
        {
            var keys = labelOfKey.Keys.ToList();
            var values = labelOfValue.Keys.ToList();
            var since = now.AddDays(-OverlapChecks.RecentDays);
            var sameAccount = await db.Demands.AsNoTracking()
                .Where(d => d.Id != id && (d.ClosedAt == null || d.ClosedAt >= since))
                .Where(d => d.Targets.Any(t => (t.ResolvedAccountId != null && keys.Contains(t.ResolvedAccountId)) || (t.Value != null && values.Contains(t.Value))))
                .OrderBy(d => d.Reference).Take(MaxPerQuestion)
                .Select(d => new { d.Reference, d.Status, d.ClosedAt, Targets = d.Targets.Select(t => new { t.ResolvedAccountId, t.Value }).ToList() })
                .ToListAsync(cancellationToken);
            foreach (var d in sameAccount)
            {
                var shared = d.Targets
                    .Select(t => t.ResolvedAccountId is { } key && labelOfKey.TryGetValue(key, out var byKey) ? byKey
                        : t.Value is { } value && labelOfValue.TryGetValue(value, out var byValue) ? byValue : null)
                    .OfType<string>();
                Add(d.Reference, d.Status, d.ClosedAt, DemandOverlap.SameAccount, shared);
            }
        }

        return found.Select(f => new RelatedDemand(f.Key, f.Value.Status, f.Value.ClosedAt, f.Value.Overlap, [.. f.Value.Accounts])).ToList();
    }
}
