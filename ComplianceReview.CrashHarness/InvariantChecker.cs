using System.Security.Cryptography;
using System.Text.Json;
using ComplianceReview.App.Data;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Requesters;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.CrashHarness;

/// <summary>What one check saw, and every invariant it found broken.</summary>
internal sealed record CheckResult(
    int Demands,
    int Decisions,
    int SignOffs,
    int Packages,
    int Documents,
    int Snapshots,
    long AuditEntries,
    int AcknowledgedIntakes,
    int UnacknowledgedStored,
    IReadOnlyList<string> Violations);

/// <summary>
/// The invariants a crash must not break, read directly from the database file with the app's own context, in one read
/// transaction (a consistent snapshot even while the app writes). Derived from the domain: <see cref="LegalDemand"/>'s
/// transitions each bump <see cref="LegalDemand.Version"/> and are committed with one audit entry, so the entries and the
/// rows must agree one for one.
/// </summary>
internal static class InvariantChecker
{
    /// <summary>The audited actions of the transitions that bump a demand's version (one entry per transition).</summary>
    private static readonly HashSet<string> VersionActions =
    [
        AuditActions.ReviewStarted, AuditActions.DemandApproved, AuditActions.DemandApprovedPartially, AuditActions.DemandRejected,
        AuditActions.DemandPreserved, AuditActions.PreservationExtended, AuditActions.PreservationReleased, AuditActions.PackageGenerated,
        AuditActions.SignedOff, AuditActions.SentBack, ReportAuditActions.FollowUpProcessRecorded, ReportAuditActions.CustomerNotificationRecorded,
        AuditActions.DemandAssigned, AuditActions.DemandTakenOver, RequesterAuditActions.DemandAgencyLinked, RequesterAuditActions.CallBackRecorded,
    ];

    private static readonly Dictionary<DecisionKind, string> DecisionActions = new()
    {
        [DecisionKind.Approve] = AuditActions.DemandApproved,
        [DecisionKind.ApprovePartially] = AuditActions.DemandApprovedPartially,
        [DecisionKind.Reject] = AuditActions.DemandRejected,
        [DecisionKind.Preserve] = AuditActions.DemandPreserved,
        [DecisionKind.ExtendPreservation] = AuditActions.PreservationExtended,
        [DecisionKind.Release] = AuditActions.PreservationReleased,
    };

    /// <param name="keys">The audit keys the app ran with (the database holds only their ids).</param>
    public static async Task<CheckResult> CheckAsync(string databasePath, IReadOnlyList<IntakeAttempt> intake, AuditKeyRing keys,
        CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        await using var connection = new SqliteConnection(DataExtensions.SqliteConnectionString(databasePath));
        await connection.OpenAsync(cancellationToken);

        await using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check;";
            var answer = (string?)await integrity.ExecuteScalarAsync(cancellationToken);
            if (answer != "ok") violations.Add($"PRAGMA integrity_check: {answer}");
        }

        // BEGIN (deferred): a read snapshot that does not take the write lock from the app.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var options = new DbContextOptionsBuilder<SqliteComplianceDbContext>().UseSqlite(connection).Options;
        await using var db = new SqliteComplianceDbContext(options);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);

        var audit = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var demands = await db.Demands.AsNoTracking().Include(d => d.Decisions).Include(d => d.SignOffs).AsSplitQuery().ToListAsync(cancellationToken);
        var snapshots = await db.Snapshots.AsNoTracking().ToListAsync(cancellationToken);
        var packages = await db.Packages.AsNoTracking().ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().ToDictionaryAsync(d => d.Sha256, cancellationToken);

        // The chain: contiguous, linked, every hash recomputed under the key the app was given.
        var chain = AuditChainVerifier.Verify(audit, keys);
        if (!chain.IsValid) violations.Add($"Audit chain: {chain.Problem} (first bad entry {chain.FirstBadSequence})");

        var entriesByDemand = audit.Where(e => e.DemandReference is not null).ToLookup(e => e.DemandReference!, StringComparer.Ordinal);
        var snapshotsByDemand = snapshots.ToLookup(s => s.DemandId);
        var packagesByDemand = packages.ToLookup(p => p.DemandId);
        var references = demands.Select(d => d.Reference.Value).ToHashSet(StringComparer.Ordinal);

        // The app seeds the demo data before it answers /health: after a healthy start it is there whole, however the last start ended.
        var seededDemands = audit.Count(e => e.Action == AuditActions.DemandRegistered && Details(e).ContainsKey("seed"));
        var customers = await db.Customers.CountAsync(cancellationToken);
        if (seededDemands != DemoDataSeeder.DemandCount || customers != DemoDataSeeder.CustomerCount)
            violations.Add($"Demo seed: {seededDemands} of {DemoDataSeeder.DemandCount} demands and {customers} of {DemoDataSeeder.CustomerCount} customers.");

        foreach (var registered in audit.Where(e => e.Action == AuditActions.DemandRegistered && !references.Contains(e.DemandReference!)))
            violations.Add($"Audit entry {registered.Sequence} registers {registered.DemandReference}, which is not stored.");

        foreach (var demand in demands)
        {
            var entries = entriesByDemand[demand.Reference.Value].ToList();
            CheckDemand(demand, entries, snapshotsByDemand[demand.Id].ToList(), packagesByDemand[demand.Id].ToList(), documents, violations);
        }

        foreach (var package in packages)
        {
            if (!string.Equals(Sha256(package.Content), package.Sha256, StringComparison.Ordinal))
                violations.Add($"Package {package.Id} of demand {package.DemandId}: its bytes do not hash to the recorded {package.Sha256}.");
            if (!snapshots.Any(s => s.Id == package.SnapshotId && s.DemandId == package.DemandId))
                violations.Add($"Package {package.Id} of demand {package.DemandId}: its snapshot {package.SnapshotId} is not stored.");
        }
        foreach (var snapshot in snapshots)
        {
            if (!string.Equals(DataSnapshot.FromJson(snapshot.Json).ComputeSha256(), snapshot.Sha256, StringComparison.Ordinal))
                violations.Add($"Snapshot {snapshot.Id} of demand {snapshot.DemandId}: its content does not hash to the recorded {snapshot.Sha256}.");
        }

        var (acknowledged, unacknowledgedStored) = CheckIntake(intake, demands, violations);
        return new CheckResult(demands.Count, demands.Sum(d => d.Decisions.Count), demands.Sum(d => d.SignOffs.Count), packages.Count,
            documents.Count, snapshots.Count, audit.Count, acknowledged, unacknowledgedStored, violations);
    }

    private static void CheckDemand(LegalDemand demand, List<AuditEntry> entries, List<DisclosureSnapshotRecord> snapshots,
        List<DisclosurePackageRecord> packages, Dictionary<string, StoredDocument> documents, List<string> violations)
    {
        var reference = demand.Reference.Value;
        void Violation(string what) => violations.Add($"{reference} ({demand.Status}): {what}");

        var registered = entries.Where(e => e.Action == AuditActions.DemandRegistered).ToList();
        if (registered.Count != 1) Violation($"{registered.Count} DemandRegistered audit entries instead of one.");
        var seeded = registered.Any(e => Details(e).ContainsKey("seed"));

        // One audit entry per transition: the version counts the transitions.
        var transitions = entries.Count(e => VersionActions.Contains(e.Action));
        if (transitions != demand.Version) Violation($"version {demand.Version}, but {transitions} audited transitions.");

        // Every decision and every sign-off has its entry, in the same order.
        var decisions = demand.Decisions.OrderBy(d => d.DecidedAt).ToList();
        var decisionEntries = entries.Where(e => DecisionActions.ContainsValue(e.Action)).Select(e => e.Action).ToList();
        if (!decisions.Select(d => DecisionActions[d.Kind]).SequenceEqual(decisionEntries, StringComparer.Ordinal))
            Violation($"decisions [{string.Join(", ", decisions.Select(d => d.Kind))}] but decision entries [{string.Join(", ", decisionEntries)}].");

        var signOffs = demand.SignOffs.OrderBy(s => s.SignedAt).ToList();
        var signOffEntries = entries.Where(e => e.Action is AuditActions.SignedOff or AuditActions.SentBack).ToList();
        if (!signOffs.Select(s => s.Kind == SignOffKind.Approved ? AuditActions.SignedOff : AuditActions.SentBack)
                .SequenceEqual(signOffEntries.Select(e => e.Action), StringComparer.Ordinal))
            Violation($"sign-offs [{string.Join(", ", signOffs.Select(s => s.Kind))}] but sign-off entries [{string.Join(", ", signOffEntries.Select(e => e.Action))}].");
        foreach (var (signOff, entry) in signOffs.Zip(signOffEntries).Where(p => p.First.Kind == SignOffKind.Approved))
        {
            if (!string.Equals(Details(entry).GetValueOrDefault("packageSha256"), signOff.PackageSha256, StringComparison.Ordinal))
                Violation($"the SignedOff entry {entry.Sequence} names another package than the sign-off ({signOff.PackageSha256}).");
        }

        // Snapshots: one per approval, taken with it (and audited, outside the demo seed).
        var approvals = decisions.Where(d => d.IsApproval).ToList();
        if (snapshots.Count != approvals.Count || !approvals.All(a => snapshots.Any(s => s.DecisionId == a.Id)))
            Violation($"{approvals.Count} approvals but {snapshots.Count} snapshots, not one per approval.");
        var snapshotEntries = entries.Count(e => e.Action == AuditActions.SnapshotTaken);
        if (!seeded && snapshotEntries != snapshots.Count) Violation($"{snapshots.Count} snapshots but {snapshotEntries} SnapshotTaken entries.");

        // Packages: each stored with its PackageGenerated entry (same transaction).
        var generated = entries.Where(e => e.Action == AuditActions.PackageGenerated).Select(e => Details(e).GetValueOrDefault("packageSha256")).ToList();
        if (generated.Count != packages.Count || !packages.All(p => generated.Contains(p.Sha256, StringComparer.Ordinal)))
            Violation($"{packages.Count} stored packages but {generated.Count} PackageGenerated entries, not one each.");

        // The order document's bytes, under its hash.
        if (demand.OrderDocument is { } order)
        {
            if (!documents.TryGetValue(order.Sha256, out var stored)) Violation($"its order document {order.Sha256} is not stored.");
            else if (stored.Content.LongLength != order.SizeBytes || !string.Equals(Sha256(stored.Content), order.Sha256, StringComparison.Ordinal))
                Violation($"its stored order document does not match size {order.SizeBytes} and hash {order.Sha256}.");
        }

        CheckState(demand, decisions, signOffs, snapshots, packages, Violation);
    }

    /// <summary>No demand half-way: the state, the decisions, the sign-offs, the package and the outcome agree.</summary>
    private static void CheckState(LegalDemand demand, List<ReviewDecision> decisions, List<SignOff> signOffs,
        List<DisclosureSnapshotRecord> snapshots, List<DisclosurePackageRecord> packages, Action<string> violation)
    {
        var last = decisions.LastOrDefault();
        var lastSignOff = signOffs.LastOrDefault();
        var signedSinceDecision = last is not null && lastSignOff is not null && lastSignOff.SignedAt >= last.DecidedAt;
        var preservation = demand.ProcessType == ProcessType.PreservationRequest;
        if (preservation && decisions.Any(d => d.IsApproval)) violation("a preservation request with an approval.");
        if (!preservation && decisions.Any(d => d.Kind is DecisionKind.Preserve or DecisionKind.ExtendPreservation or DecisionKind.Release))
            violation("a preservation decision on a demand that is not a preservation request.");
        if (demand.Status != DemandStatus.Received && demand.AssignedReviewerId is null) violation("reviewed, but no reviewer was assigned.");
        if (demand.IsClosed != demand.ClosedAt.HasValue) violation($"closed is {demand.IsClosed} but ClosedAt is {demand.ClosedAt?.ToString("O") ?? "empty"}.");

        switch (demand.Status)
        {
            case DemandStatus.Received:
                if (decisions.Count > 0 || signOffs.Count > 0 || demand.AssignedReviewerId is not null) violation("received, yet reviewed, decided or signed.");
                break;
            case DemandStatus.InReview:
                // Either never decided, or approved and then sent back.
                if (last is not null && !(last.IsApproval && lastSignOff?.Kind == SignOffKind.SentBack && signedSinceDecision))
                    violation($"in review after a {last.Kind} decision that was not sent back.");
                if (demand.Package is not null) violation("in review with a package attached.");
                break;
            case DemandStatus.AwaitingSignOff:
                if (last is not { IsApproval: true }) violation($"awaiting sign-off without an approval (last decision: {last?.Kind.ToString() ?? "none"}).");
                else if (signedSinceDecision) violation("awaiting sign-off, yet signed or sent back since the approval.");
                if (last is not null && !snapshots.Any(s => s.DecisionId == last.Id)) violation("awaiting sign-off without the approval's snapshot.");
                if (demand.Package is { } pending && !packages.Any(p => p.Sha256 == pending.Sha256 && p.CertifiedById == pending.CertifiedById
                        && snapshots.Any(s => s.Id == p.SnapshotId && s.DecisionId == last?.Id)))
                    violation($"its attached package {pending.Sha256} is not stored for the current approval.");
                break;
            case DemandStatus.Disclosed:
                if (last is not { IsApproval: true }) violation("disclosed without an approval.");
                if (lastSignOff is not { Kind: SignOffKind.Approved } || !signedSinceDecision) violation("disclosed without a sign-off of the current approval.");
                if (demand.Package is null) violation("disclosed without a package.");
                else if (lastSignOff?.PackageSha256 != demand.Package.Sha256) violation("the signed hash is not the attached package's.");
                if (lastSignOff?.PackageSha256 is { } signed && !packages.Any(p => p.Sha256 == signed)) violation($"the signed package {signed} is not stored.");
                if (demand.Outcome is not (Outcome.ContentDisclosed or Outcome.NonContentOnly or Outcome.NoDataFound)) violation($"disclosed with outcome {demand.Outcome}.");
                break;
            case DemandStatus.Rejected:
                if (last?.Kind != DecisionKind.Reject || demand.Outcome != Outcome.Rejected) violation("rejected without a rejection decision and outcome.");
                break;
            case DemandStatus.Preserved:
                if (last?.Kind is not (DecisionKind.Preserve or DecisionKind.ExtendPreservation) || demand.PreservedUntil is null)
                    violation("preserved without a preservation decision and end date.");
                break;
            case DemandStatus.Released:
                if (last?.Kind != DecisionKind.Release) violation("released without a release decision.");
                break;
        }
        if (demand.Status is not (DemandStatus.Disclosed or DemandStatus.Rejected) && demand.Outcome is not null) violation($"open, yet has outcome {demand.Outcome}.");
    }

    /// <summary>Every acknowledged intake is stored whole; an unacknowledged one (cut by the kill) is stored whole or not at all.</summary>
    private static (int Acknowledged, int UnacknowledgedStored) CheckIntake(IReadOnlyList<IntakeAttempt> intake, List<LegalDemand> demands, List<string> violations)
    {
        var byCase = demands.ToLookup(d => d.CaseNumber, StringComparer.Ordinal);
        int acknowledged = 0, unacknowledgedStored = 0;
        foreach (var attempt in intake)
        {
            var stored = byCase[attempt.CaseNumber].ToList();
            if (stored.Count > 1)
            {
                violations.Add($"Intake {attempt.CaseNumber}: stored {stored.Count} times.");
                continue;
            }
            if (attempt.AcknowledgedReference is { } reference)
            {
                acknowledged++;
                if (stored.Count == 0 || stored[0].Reference.Value != reference)
                {
                    violations.Add($"Intake {attempt.CaseNumber}: acknowledged as {reference} (201), but not stored after the kill.");
                    continue;
                }
            }
            else if (stored.Count == 1)
            {
                unacknowledgedStored++;
            }
            if (stored.Count == 1)
            {
                var demand = stored[0];
                if (demand.Agency.Name != attempt.AgencyName || demand.Targets.Count != attempt.TargetCount || demand.OrderDocument?.Sha256 != attempt.OrderSha256)
                    violations.Add($"Intake {attempt.CaseNumber}: stored as {demand.Reference}, but not as sent (agency, {attempt.TargetCount} targets, order document).");
            }
        }
        return (acknowledged, unacknowledgedStored);
    }

    private static Dictionary<string, string?> Details(AuditEntry entry) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(entry.DetailsJson) ?? [];

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
