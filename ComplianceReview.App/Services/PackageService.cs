using System.Globalization;
using System.Security.Cryptography;
using ComplianceReview.App.Data;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Services;

public sealed record PreparedPackage(string Reference, string Sha256, int PageCount, string BatesFirst, string BatesLast,
    string CertifiedByName, int DemandVersion);

public sealed record PackageFile(string FileName, byte[] Content, string Sha256);

/// <summary>
/// Disclosure packages: rendered from the approval's immutable snapshot for the legal lead who opens it for signature
/// (docs/decisions/0004), stored byte for byte, and downloaded exactly as signed.
/// </summary>
public sealed class PackageService(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    IDisclosurePackageRenderer renderer,
    IOptions<DisclosureOptions> options)
{
    /// <summary>
    /// The package a legal lead reviews before signing: the one already certified for them, or a new rendering with
    /// them on the certificate. Renders off the caller's thread and reports progress. Audited as a view of customer data.
    /// </summary>
    public async Task<PreparedPackage> PrepareForSignOffAsync(string reference, int expectedVersion, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAnyRoleAsync(writer, "open a package for sign-off", reference, [Roles.LegalLead], cancellationToken);
        var demand = await LoadAsync(reference, cancellationToken);
        CheckVersion(demand, expectedVersion);
        await RequireNeedToKnowAsync(demand, user, "open a package for sign-off", cancellationToken);
        if (!demand.Allows(DemandAction.SignOff))
            throw new DomainException($"{demand.Reference} is {demand.Status}: there is no package awaiting sign-off.");
        try
        {
            demand.RequireFourEyes(user);
        }
        catch (FourEyesViolation)
        {
            await AccessGuard.RecordRefusalAsync(writer, user, "open a package for sign-off", reference, "four-eyes", cancellationToken);
            throw;
        }

        if (demand.Package is { } existing && existing.CertifiedById == user.Id)
        {
            await writer.RecordAsync(user, AuditActions.PackageViewed, demand.Reference.Value, Details(("packageSha256", existing.Sha256)), cancellationToken);
            return Prepared(demand, existing);
        }

        var (snapshotRecord, snapshot) = await LoadSnapshotAsync(demand, cancellationToken);
        var decision = demand.Decisions[^1];
        var prefix = options.Value.BatesPrefix;
        for (var attempt = 1; ; attempt++)
        {
            // Rendered with the next free Bates number, outside the write lock; if another package took numbers meanwhile,
            // the write finds the start taken and this package is rendered again after it.
            (int Start, bool Taken) range;
            await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
                range = await BatesRanges.StartForAsync(read, prefix, snapshotRecord.Id, cancellationToken);
            var request = DisclosurePackageRequest.For(demand, user.Name, prefix) with { BatesStart = range.Start };
            var rendered = await renderer.RenderAsync(snapshot, request, progress, cancellationToken);
            try
            {
                return await AttachAsync(demand, expectedVersion, user, snapshotRecord, snapshot, decision, prefix, range, rendered, cancellationToken);
            }
            catch (BatesNumbersTakenException)
            {
                // Rendered again from the new next number; under a storm of renders the lead is asked to try again.
                if (attempt == 3) throw new DemandConflictException($"Other packages took Bates numbers while the package of {reference} was rendered. Open the package again.");
            }
        }
    }

    private sealed class BatesNumbersTakenException() : Exception("The Bates numbers were taken by another package while this one was rendered.");

    private async Task<PreparedPackage> AttachAsync(LegalDemand demand, int expectedVersion, UserRef user, DisclosureSnapshotRecord snapshotRecord,
        DataSnapshot snapshot, ReviewDecision decision, string prefix, (int Start, bool Taken) range, RenderedPackage rendered, CancellationToken cancellationToken)
    {
        var reference = demand.Reference.Value;
        try
        {
            var attached = await writer.WriteAsync(async db =>
            {
                var tracked = await db.Demands.Include(d => d.Decisions).Include(d => d.SignOffs).AsSplitQuery()
                    .SingleAsync(d => d.Id == demand.Id, cancellationToken);
                CheckVersion(tracked, expectedVersion);
                if (!range.Taken)
                {
                    if (await BatesRanges.NextAsync(db, prefix, cancellationToken) != range.Start) throw new BatesNumbersTakenException();
                    BatesRanges.Add(db, prefix, range.Start, rendered, tracked.Id, snapshotRecord.Id, decision.DecidedAt);
                }
                var info = new DisclosurePackageInfo(rendered.Sha256, rendered.PageCount, rendered.BatesFirst, rendered.BatesLast, snapshotRecord.Sha256,
                    snapshot.RecordCount, snapshot.ContentRecordCount, decision.DecidedAt, user.Id, user.Name);
                tracked.AttachPackage(info);
                db.Packages.Add(new DisclosurePackageRecord
                {
                    Id = Guid.NewGuid(),
                    DemandId = tracked.Id,
                    SnapshotId = snapshotRecord.Id,
                    Sha256 = rendered.Sha256,
                    Content = rendered.Pdf,
                    CertifiedById = user.Id,
                    GeneratedAt = decision.DecidedAt,
                });
                await writer.Audit.AppendAsync(db, user, AuditActions.PackageGenerated, tracked.Reference.Value, Details(
                    ("packageSha256", rendered.Sha256), ("snapshotSha256", snapshotRecord.Sha256),
                    ("pages", rendered.PageCount.ToString(CultureInfo.InvariantCulture)), ("bates", $"{rendered.BatesFirst}..{rendered.BatesLast}")), cancellationToken);
                await writer.Audit.AppendAsync(db, user, AuditActions.PackageViewed, tracked.Reference.Value, Details(("packageSha256", rendered.Sha256)), cancellationToken);
                return tracked;
            }, cancellationToken);
            return Prepared(attached, attached.Package!);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DemandConflictException($"{reference} was changed by someone else at the same moment. Reload it and open the package again.");
        }
    }

    /// <summary>
    /// The package file: after sign-off, the exact bytes that were signed; before, the current package. Need-to-know
    /// (<see cref="LegalDemand.CustomerDataRefusal"/>): before sign-off the demand's own reviewers and legal leads, after it
    /// legal leads and auditors; every download and every refusal is audited. The bytes are checked against their recorded hash.
    /// </summary>
    public async Task<PackageFile> DownloadAsync(string reference, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAnyRoleAsync(writer, "download a disclosure package", reference,
            [Roles.Reviewer, Roles.LegalLead, Roles.Auditor], cancellationToken);
        var demand = await LoadAsync(reference, cancellationToken);
        await RequireNeedToKnowAsync(demand, user, "download a disclosure package", cancellationToken);
        var sha = demand.Status == DemandStatus.Disclosed
            ? demand.SignOffs.Last(s => s.Kind == SignOffKind.Approved).PackageSha256
            : demand.Package?.Sha256;
        if (sha is null) throw new DemandNotFoundException($"{demand.Reference} has no disclosure package yet.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.DemandId == demand.Id && p.Sha256 == sha, cancellationToken)
            ?? throw new DemandNotFoundException($"{demand.Reference}'s package {sha} is missing from storage.");
        var actual = Convert.ToHexStringLower(SHA256.HashData(record.Content));
        if (!string.Equals(actual, sha, StringComparison.Ordinal))
            throw new InvalidOperationException($"The stored package of {demand.Reference} does not match its recorded hash; it will not be served.");

        await writer.RecordAsync(user, AuditActions.PackageDownloaded, demand.Reference.Value, Details(("packageSha256", sha)), cancellationToken);
        return new PackageFile($"{demand.Reference.Value}-disclosure-package.pdf", record.Content, sha);
    }

    /// <summary>The demand's need-to-know rule (<see cref="LegalDemand.CustomerDataRefusal"/>); a refusal is audited like a wrong role.</summary>
    private async Task RequireNeedToKnowAsync(LegalDemand demand, UserRef user, string what, CancellationToken cancellationToken)
    {
        if (demand.CustomerDataRefusal(user, AccessGuard.CustomerDataReaderOf(currentUser)) is not { } refusal) return;
        await AccessGuard.RecordRefusalAsync(writer, user, what, demand.Reference.Value, "need-to-know", cancellationToken);
        throw new AccessDeniedException(refusal);
    }

    private async Task<LegalDemand> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        if (!DemandReference.TryParse(reference, out var parsed)) throw new DemandNotFoundException(reference);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Demands.AsNoTracking().Include(d => d.Decisions).Include(d => d.SignOffs).AsSplitQuery()
            .SingleOrDefaultAsync(d => d.Reference == parsed, cancellationToken) ?? throw new DemandNotFoundException(reference);
    }

    private async Task<(DisclosureSnapshotRecord Record, DataSnapshot Snapshot)> LoadSnapshotAsync(LegalDemand demand, CancellationToken cancellationToken)
    {
        var decisionId = demand.Decisions[^1].Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Snapshots.AsNoTracking().SingleOrDefaultAsync(s => s.DecisionId == decisionId, cancellationToken)
            ?? throw new InvalidOperationException($"The approval of {demand.Reference} has no data snapshot.");
        var snapshot = DataSnapshot.FromJson(record.Json);
        if (!string.Equals(snapshot.ComputeSha256(), record.Sha256, StringComparison.Ordinal))
            throw new InvalidOperationException($"The data snapshot of {demand.Reference} does not match its recorded hash; no package is rendered from it.");
        return (record, snapshot);
    }

    private static void CheckVersion(LegalDemand demand, int expectedVersion)
    {
        if (demand.Version != expectedVersion)
            throw new DemandConflictException($"{demand.Reference} was changed by someone else while you had it open (it is now {demand.Status}). The page shows the current state.");
    }

    private static PreparedPackage Prepared(LegalDemand demand, DisclosurePackageInfo package) =>
        new(demand.Reference.Value, package.Sha256, package.PageCount, package.BatesFirst, package.BatesLast, package.CertifiedByName, demand.Version);

    private static Dictionary<string, string?> Details(params (string Key, string? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
