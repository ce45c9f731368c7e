using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// Recomputes the audit chain from the database. Entries are read in keyset batches of <see cref="BatchSize"/>
/// (a short-lived context per batch), so a chain of millions of rows never sits in memory; progress is reported
/// per batch. The result names the first entry that does not fit, and, given the head digest printed on an earlier
/// export, detects a chain that was truncated or rewritten since.
/// </summary>
public sealed class AuditVerificationService(IDbContextFactory<ComplianceDbContext> contexts, ComplianceWriter writer, ICurrentUser currentUser)
{
    public const int DefaultBatchSize = 2000;

    /// <summary>Rows read per round trip; tests lower it so batch boundaries are crossed.</summary>
    internal int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// Verifies the chain as it stands when the call starts (entries appended meanwhile are left for the next run),
    /// then records the verification and its result in the trail.
    /// </summary>
    public async Task<ChainVerification> VerifyAsync(AuditHead? expectedHead = null, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAuditorAsync(writer, "verify the audit trail", cancellationToken: cancellationToken);
        var result = await VerifyChainAsync(expectedHead, progress, cancellationToken);
        await writer.RecordAsync(user, AuditActions.ChainVerified, null, new Dictionary<string, string?>
        {
            ["valid"] = result.IsValid ? "true" : "false",
            ["entriesChecked"] = result.EntriesChecked.ToString(CultureInfo.InvariantCulture),
            ["firstBadSequence"] = result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture),
            ["problem"] = result.Problem,
            ["head"] = result.Head.ToString(),
            ["expectedHead"] = expectedHead?.ToString(),
        }, cancellationToken);
        return result;
    }

    /// <summary>The check itself, without the role check or the audit entry (the export and the tests use it).</summary>
    internal async Task<ChainVerification> VerifyChainAsync(AuditHead? expectedHead, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        long last;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            last = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        }

        var verifier = new AuditChainVerifier();
        long after = 0;
        var intact = true;
        string? expectedHashSeen = null;
        progress?.Report(0);
        while (intact && after < last)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<AuditEntry> batch;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                batch = await db.AuditEntries.AsNoTracking()
                    .Where(e => e.Sequence > after && e.Sequence <= last)
                    .OrderBy(e => e.Sequence)
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken);
            }
            if (batch.Count == 0) break;
            foreach (var entry in batch)
            {
                if (!verifier.Add(entry)) { intact = false; break; }
                if (expectedHead is not null && entry.Sequence == expectedHead.Sequence) expectedHashSeen = entry.Hash;
            }
            after = batch[^1].Sequence;
            progress?.Report(last == 0 ? 1 : Math.Min(1, (double)after / last));
        }

        var result = verifier.Complete(expectedHead);
        if (result.IsValid && expectedHead is { Sequence: > 0 } head && expectedHashSeen is not null
            && !string.Equals(expectedHashSeen, head.Hash, StringComparison.Ordinal))
        {
            result = result with
            {
                IsValid = false,
                FirstBadSequence = head.Sequence,
                Problem = $"Entry {head.Sequence} differs from the one an earlier export saw: entries up to it were rewritten.",
            };
        }
        progress?.Report(1);
        return result;
    }
}
