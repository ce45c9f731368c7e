using ComplianceReview.App.Documents;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Data;

/// <summary>
/// The Bates numbers the package of one approval (its snapshot) took under a prefix. Numbers continue across productions:
/// a snapshot's package starts after the last number any earlier one under the prefix took, so no number is printed on
/// two productions. Every rendering of the same snapshot (for another lead, or again) reuses its range, so the same
/// snapshot and lead still render the same bytes. A package never signed (sent back, approval replaced) keeps its range:
/// numbers are never reused, so the sequence can have gaps, each of them explained by a row here.
/// </summary>
public sealed class BatesRangeRecord
{
    public Guid Id { get; init; }
    public required string Prefix { get; init; }
    public int First { get; init; }
    public int Last { get; init; }
    public Guid DemandId { get; init; }
    public Guid SnapshotId { get; init; }
    public required string PackageSha256 { get; init; }
    public DateTimeOffset AllocatedAt { get; init; }
}

/// <summary>Where the next package's Bates numbers start, and the record of the range it took.</summary>
public static class BatesRanges
{
    /// <summary>One after the last number taken under <paramref name="prefix"/> (committed, or added to this context and not yet saved).</summary>
    public static async Task<int> NextAsync(ComplianceDbContext db, string prefix, CancellationToken cancellationToken)
    {
        var stored = await db.BatesRanges.AsNoTracking().Where(r => r.Prefix == prefix).MaxAsync(r => (int?)r.Last, cancellationToken) ?? 0;
        var local = db.BatesRanges.Local.Where(r => r.Prefix == prefix).Select(r => r.Last).DefaultIfEmpty(0).Max();
        return Math.Max(stored, local) + 1;
    }

    /// <summary>Where this snapshot's package starts: the range it took before, or the next free number.</summary>
    public static async Task<(int Start, bool Taken)> StartForAsync(ComplianceDbContext db, string prefix, Guid snapshotId, CancellationToken cancellationToken)
    {
        var earlier = await db.BatesRanges.AsNoTracking().Where(r => r.Prefix == prefix && r.SnapshotId == snapshotId)
            .OrderByDescending(r => r.First).Select(r => (int?)r.First).FirstOrDefaultAsync(cancellationToken);
        return earlier is { } first ? (first, true) : (await NextAsync(db, prefix, cancellationToken), false);
    }

    public static void Add(ComplianceDbContext db, string prefix, int first, RenderedPackage rendered, Guid demandId, Guid snapshotId, DateTimeOffset at) =>
        db.BatesRanges.Add(new BatesRangeRecord
        {
            Id = Guid.NewGuid(),
            Prefix = prefix,
            First = first,
            Last = first + rendered.PageCount - 1,
            DemandId = demandId,
            SnapshotId = snapshotId,
            PackageSha256 = rendered.Sha256,
            AllocatedAt = at,
        });
}
