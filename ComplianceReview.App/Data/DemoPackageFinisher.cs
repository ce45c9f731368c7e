using ComplianceReview.App.Documents;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Data;

/// <summary>Finishes seeded disclosures the way the app does: render for the lead, attach, sign the hash, all audited.</summary>
public sealed class DemoPackageFinisher(IDisclosurePackageRenderer renderer, IOptions<DisclosureOptions> options) : IDemoPackageFinisher
{
    public async Task<IReadOnlyList<DemoAuditEvent>> DiscloseAsync(ComplianceDbContext db, LegalDemand demand, DataSnapshot snapshot, UserRef legalLead, DateTimeOffset signedAt,
        CancellationToken cancellationToken)
    {
        var decision = demand.Decisions[^1];
        var prefix = options.Value.BatesPrefix;
        var start = await BatesRanges.NextAsync(db, prefix, cancellationToken);
        var snapshotId = db.Snapshots.Local.Single(s => s.DecisionId == decision.Id).Id;
        var request = DisclosurePackageRequest.For(demand, legalLead.Name, prefix) with { BatesStart = start };
        var rendered = renderer.Render(snapshot, request, cancellationToken: cancellationToken);
        BatesRanges.Add(db, prefix, start, rendered, demand.Id, snapshotId, decision.DecidedAt);
        var snapshotSha = snapshot.ComputeSha256();
        demand.AttachPackage(new DisclosurePackageInfo(rendered.Sha256, rendered.PageCount, rendered.BatesFirst, rendered.BatesLast, snapshotSha,
            snapshot.RecordCount, snapshot.ContentRecordCount, decision.DecidedAt, legalLead.Id, legalLead.Name));
        db.Packages.Add(new DisclosurePackageRecord
        {
            Id = Guid.NewGuid(),
            DemandId = demand.Id,
            SnapshotId = snapshotId,
            Sha256 = rendered.Sha256,
            Content = rendered.Pdf,
            CertifiedById = legalLead.Id,
            GeneratedAt = decision.DecidedAt,
        });
        demand.SignOff(legalLead, rendered.Sha256, signedAt);
        IReadOnlyList<DemoAuditEvent> events =
        [
            new(signedAt.AddHours(-1), legalLead, AuditActions.PackageGenerated, demand.Reference.Value,
                new Dictionary<string, string?> { ["packageSha256"] = rendered.Sha256, ["seed"] = "demo" }),
            new(signedAt, legalLead, AuditActions.SignedOff, demand.Reference.Value,
                new Dictionary<string, string?> { ["packageSha256"] = rendered.Sha256, ["outcome"] = demand.Outcome?.ToString() }),
        ];
        return events;
    }
}
