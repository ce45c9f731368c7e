using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Workload;

/// <summary>
/// The reviewers a demand can be assigned to: the development sign-in's reviewers, when it is on, and everyone a demand
/// has been assigned to (a reviewer who started or was given a review). Entra's app-role assignments would need Microsoft
/// Graph, which the app does not call; a reviewer appears here from their first review on.
/// </summary>
public sealed class ReviewerDirectory(IDbContextFactory<ComplianceDbContext> contexts, DemoUserDirectory? demoUsers = null)
{
    public async Task<IReadOnlyList<UserRef>> ReviewersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assigned = await db.Demands.AsNoTracking()
            .Where(d => d.AssignedReviewerId != null)
            .Select(d => new { Id = d.AssignedReviewerId!, Name = d.AssignedReviewerName })
            .Distinct()
            .ToListAsync(cancellationToken);
        var demo = demoUsers?.Users.Where(u => u.Roles.Contains(Roles.Reviewer)).Select(u => new UserRef(u.Id, u.Name)) ?? [];
        return demo.Concat(assigned.Select(a => new UserRef(a.Id, a.Name ?? a.Id)))
            .DistinctBy(u => u.Id)
            .OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<UserRef?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await ReviewersAsync(cancellationToken)).FirstOrDefault(u => string.Equals(u.Id, id, StringComparison.Ordinal));
}
