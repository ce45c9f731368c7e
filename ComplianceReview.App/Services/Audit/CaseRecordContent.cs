using System.Globalization;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// The case record of one demand as content: what was asked, what the pre-checks found, every decision with its reason,
/// every sign-off, the package hash, the demand's audit entries and the head digest. Section headings are constants so
/// tests and the PDF layout can refer to them.
/// </summary>
public static class CaseRecordContent
{
    public const string Demand = "Demand";
    public const string Identifiers = "Requested identifiers";
    public const string Findings = "Pre-check findings";
    public const string Decisions = "Decisions";
    public const string SignOffs = "Sign-off";
    public const string Package = "Disclosure package";
    public const string AuditEntries = "Audit entries";

    public static RecordDocument Build(LegalDemand demand, IReadOnlyList<Finding> findings, IReadOnlyList<AuditEntry> entries,
        AuditHead head, DateTimeOffset generatedAt, UserRef generatedBy)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(generatedBy);
        return new RecordDocument(
            $"Case record {demand.Reference}",
            $"{demand.Agency.Name} ({demand.Agency.CountryCode}), {demand.ProcessType}, case {demand.CaseNumber}",
            generatedAt,
            generatedBy.Name,
            head,
            [
                DemandSection(demand),
                RecordSection.OfTable(Identifiers, new RecordTable([new("As received", 2), new("Kind"), new("Normalised", 2), new("Problem", 3)],
                    demand.Targets.Select(t => Row(t.Raw, t.Kind is { } kind ? Words.Of(kind) : null, t.Value, t.Problem)).ToList()), "No identifiers were named."),
                RecordSection.OfTable(Findings, new RecordTable([new("Severity"), new("Check", 1.5), new("Finding", 4), new("About", 1.5)],
                    findings.Select(f => Row(Words.Of(f.Severity), Words.Of(f.Code), f.Message, f.Subject)).ToList()),
                    "The pre-checks found nothing."),
                RecordSection.OfTable(Decisions, new RecordTable(
                    [new("Decided at", 1.4), new("By", 1.4), new("Decision", 1.2), new("Reason code", 1.2), new("Reason", 3), new("Approved scope", 3)],
                    demand.Decisions.Select(d => Row(AuditExportText.Time(d.DecidedAt), Person(d.DecidedByName, d.DecidedById), Words.Of(d.Kind),
                        d.ReasonCode is { } code ? Words.Of(code) : null, d.ReasonText, Scope(d))).ToList()), "No decision has been recorded."),
                RecordSection.OfTable(SignOffs, new RecordTable([new("At", 1.4), new("By", 1.4), new("Sign-off"), new("Note", 3), new("Package SHA-256", 3)],
                    demand.SignOffs.Select(s => Row(AuditExportText.Time(s.SignedAt), Person(s.SignedByName, s.SignedById), Words.Of(s.Kind),
                        s.Note, s.PackageSha256)).ToList()), "No legal lead has signed off or sent the demand back."),
                PackageSection(demand.Package),
                RecordSection.OfTable(AuditEntries, AuditExportService.EntryTable(entries.Select(AuditExportService.EntryRow).ToList()),
                    "No audit entries name this demand."),
            ]);
    }

    private static RecordSection DemandSection(LegalDemand d)
    {
        var fields = new List<RecordField>
        {
            new("Reference", d.Reference.Value),
            new("Status", Words.Of(d.Status)),
            new("Outcome", Words.Of(d.Outcome, "Open")),
            new("Agency", $"{d.Agency.Name} ({d.Agency.CountryCode})"),
            new("Process type", Words.Of(d.ProcessType)),
            new("Issuing authority", d.IssuingAuthority),
            new("Case number", d.CaseNumber),
            new("Issued on", Day(d.IssuedOn)),
            new("Expires on", d.ExpiresOn is { } expires ? Day(expires) : "No expiry stated"),
            new("Received", AuditExportText.Time(d.ReceivedAt)),
            new("Due", AuditExportText.Time(d.DueAt)),
            new("Requested categories", d.RequestedCategories.Count == 0 ? "None" : string.Join(", ", d.RequestedCategories.Select(c => c.Display()))),
            new("Covered date range", d.CoveredRange?.ToString() ?? "None"),
            new("Non-disclosure order", d.NonDisclosure.Kind switch
            {
                NonDisclosureKind.None => "None",
                NonDisclosureKind.UntilDate => $"Until {Day(d.NonDisclosure.Until!.Value)}",
                _ => "Without an end date",
            }),
            new("Registered by", Person(d.RegisteredByName, d.RegisteredById)),
            new("Assigned reviewer", d.AssignedReviewerId is null ? "None" : Person(d.AssignedReviewerName ?? d.AssignedReviewerId, d.AssignedReviewerId)),
        };
        if (d.EmergencyJustification is { } justification) fields.Add(new("Emergency justification", justification));
        if (d.OrderDocument is { } document)
            fields.Add(new("Order document", $"{document.FileName}, {document.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, SHA-256 {document.Sha256}"));
        if (d.PreservedUntil is { } until) fields.Add(new("Preserved until", AuditExportText.Time(until) + (d.PreservationExtended ? " (extended)" : "")));
        if (d.ClosedAt is { } closed) fields.Add(new("Closed", AuditExportText.Time(closed)));
        return new RecordSection(Demand, fields);
    }

    private static RecordSection PackageSection(DisclosurePackageInfo? package) => package is null
        ? new RecordSection(Package, [], null, "No disclosure package is attached.")
        : RecordSection.OfFields(Package,
            new("Package SHA-256", package.Sha256),
            new("Pages", package.PageCount.ToString(CultureInfo.InvariantCulture)),
            new("Bates range", $"{package.BatesFirst} to {package.BatesLast}"),
            new("Snapshot SHA-256", package.SnapshotSha256),
            new("Records", $"{package.RecordCount.ToString(CultureInfo.InvariantCulture)} ({package.ContentRecordCount.ToString(CultureInfo.InvariantCulture)} content)"),
            new("Generated", AuditExportText.Time(package.GeneratedAt)),
            new("Certified for", Person(package.CertifiedByName, package.CertifiedById)));

    private static string Scope(ReviewDecision decision) => decision.ApprovedScope?.Describe() ?? "";

    private static string Person(string name, string id) => $"{name} ({id})";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Row(params string?[] cells) => cells.Select(c => c ?? "").ToList();
}
