using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Requesters;

/// <summary>Audit action names of the directory and the requester checks; stable strings, part of the hashed entries.</summary>
public static class RequesterAuditActions
{
    public const string EmailMessageReceived = "EmailMessageReceived";
    public const string EmailMessageRefused = "EmailMessageRefused";
    public const string DemandAgencyLinked = "DemandAgencyLinked";
    public const string CallBackRecorded = "CallBackRecorded";
    public const string ApprovalRefusedWithoutCallBack = "ApprovalRefusedWithoutCallBack";
}

/// <summary>A directory agency with its record of demands, for the administrator's list and the reviewer's sender panel.</summary>
public sealed record AgencyEntry(DirectoryAgency Agency, AgencyHistory History);

/// <summary>Raised when a directory agency was changed by someone else since it was loaded.</summary>
public sealed class AgencyConflictException(string message) : Exception(message);

/// <summary>
/// The agency directory: administrators manage it, everyone who handles demands reads it. Every change is one write
/// with the audit entries the aggregate raised (<see cref="DirectoryAgency.Changes"/>); a stale copy is refused.
/// </summary>
public sealed class AgencyDirectoryService(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    TimeProvider time)
{
    private static readonly string[] Readers = [Roles.Reviewer, Roles.LegalLead, Roles.Auditor, Roles.Admin];

    public async Task<IReadOnlyList<AgencyEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAnyRoleAsync(writer, "read the agency directory", null, Readers, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencies = await db.DirectoryAgencies.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var histories = await HistoriesAsync(db, cancellationToken);
        return agencies.Select(a => new AgencyEntry(a, histories.GetValueOrDefault(a.Id, AgencyHistory.None))).ToList();
    }

    public async Task<AgencyEntry?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAnyRoleAsync(writer, "read the agency directory", null, Readers, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agency = await db.DirectoryAgencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return agency is null ? null : new AgencyEntry(agency, await HistoryAsync(db, id, cancellationToken));
    }

    public async Task<DirectoryAgency> CreateAsync(string name, string countryCode, IEnumerable<string> domains, CancellationToken cancellationToken = default)
    {
        var user = await RequireAdminAsync("add an agency to the directory", cancellationToken);
        var agency = DirectoryAgency.Create(name, countryCode, domains, time.GetUtcNow());
        return await writer.WriteAsync(async db =>
        {
            if (await db.DirectoryAgencies.AnyAsync(a => a.Name == agency.Name && a.CountryCode == agency.CountryCode, cancellationToken))
                throw new DomainException($"{agency.Name} ({agency.CountryCode}) is already in the directory.");
            db.DirectoryAgencies.Add(agency);
            await AuditChangesAsync(db, user, agency, cancellationToken);
            return agency;
        }, cancellationToken);
    }

    public Task<DirectoryAgency> RenameAsync(Guid id, int expectedVersion, string name, string countryCode, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "change an agency", (a, _, _) => a.Rename(name, countryCode), cancellationToken);

    public Task<DirectoryAgency> AddDomainAsync(Guid id, int expectedVersion, string domain, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "add an agency domain", (a, _, _) => a.AddDomain(domain), cancellationToken);

    public Task<DirectoryAgency> RemoveDomainAsync(Guid id, int expectedVersion, string domain, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "remove an agency domain", (a, _, _) => a.RemoveDomain(domain), cancellationToken);

    public Task<DirectoryAgency> AddContactAsync(Guid id, int expectedVersion, string name, string role, string phone, string? email, string phoneSource,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "add an agency contact", (a, _, _) => a.AddContact(name, role, phone, email, phoneSource), cancellationToken);

    public Task<DirectoryAgency> SuspendContactAsync(Guid id, int expectedVersion, Guid contactId, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "suspend an agency contact", (a, _, _) => a.SuspendContact(contactId, reason), cancellationToken);

    public Task<DirectoryAgency> ReinstateContactAsync(Guid id, int expectedVersion, Guid contactId, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "reinstate an agency contact", (a, _, _) => a.ReinstateContact(contactId), cancellationToken);

    public Task<DirectoryAgency> VerifyAsync(Guid id, int expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "verify an agency", (a, user, now) => a.Verify(user, now), cancellationToken);

    public Task<DirectoryAgency> SuspendAsync(Guid id, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "suspend an agency", (a, _, _) => a.Suspend(reason), cancellationToken);

    public Task<DirectoryAgency> MarkUnverifiedAsync(Guid id, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expectedVersion, "mark an agency unverified", (a, _, _) => a.MarkUnverified(reason), cancellationToken);

    /// <summary>Demands, closed, rejected and last seen per directory agency, in one grouped query.</summary>
    internal static async Task<Dictionary<Guid, AgencyHistory>> HistoriesAsync(ComplianceDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Demands.AsNoTracking().Where(d => d.DirectoryAgencyId != null)
            .GroupBy(d => d.DirectoryAgencyId!.Value)
            .Select(g => new
            {
                Id = g.Key,
                Demands = g.Count(),
                Closed = g.Count(d => d.Status == DemandStatus.Disclosed || d.Status == DemandStatus.Rejected || d.Status == DemandStatus.Released),
                Rejected = g.Count(d => d.Status == DemandStatus.Rejected),
            })
            .ToListAsync(cancellationToken);
        // SQLite cannot take MAX of a DateTimeOffset column: the last receipt is read per agency from the (agency, received) index.
        var result = new Dictionary<Guid, AgencyHistory>();
        foreach (var row in rows)
        {
            var last = await db.Demands.AsNoTracking().Where(d => d.DirectoryAgencyId == row.Id)
                .OrderByDescending(d => d.ReceivedAt).Select(d => (DateTimeOffset?)d.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
            result[row.Id] = new AgencyHistory(row.Demands, row.Closed, row.Rejected, last);
        }
        return result;
    }

    internal static async Task<AgencyHistory> HistoryAsync(ComplianceDbContext db, Guid agencyId, CancellationToken cancellationToken)
    {
        var demands = db.Demands.AsNoTracking().Where(d => d.DirectoryAgencyId == agencyId);
        var count = await demands.CountAsync(cancellationToken);
        if (count == 0) return AgencyHistory.None;
        var closed = await demands.CountAsync(d => d.Status == DemandStatus.Disclosed || d.Status == DemandStatus.Rejected || d.Status == DemandStatus.Released, cancellationToken);
        var rejected = await demands.CountAsync(d => d.Status == DemandStatus.Rejected, cancellationToken);
        var last = await demands.OrderByDescending(d => d.ReceivedAt).Select(d => (DateTimeOffset?)d.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        return new AgencyHistory(count, closed, rejected, last);
    }

    private async Task<DirectoryAgency> ChangeAsync(Guid id, int expectedVersion, string what, Action<DirectoryAgency, UserRef, DateTimeOffset> change,
        CancellationToken cancellationToken)
    {
        var user = await RequireAdminAsync(what, cancellationToken);
        try
        {
            return await writer.WriteAsync(
                prepare: async db =>
                {
                    var agency = await db.DirectoryAgencies.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
                        ?? throw new DomainException("That agency is not in the directory (any more).");
                    if (agency.Version != expectedVersion)
                        throw new AgencyConflictException($"{agency.Name} was changed by someone else while you had it open. The page shows it as it is now; check and try again.");
                    change(agency, user, time.GetUtcNow());
                    return agency;
                },
                write: async (db, agency) =>
                {
                    await AuditChangesAsync(db, user, agency, cancellationToken);
                    return agency;
                },
                cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new AgencyConflictException("The agency was changed by someone else at the same moment. The page shows it as it is now; check and try again.");
        }
    }

    private async Task AuditChangesAsync(ComplianceDbContext db, UserRef user, DirectoryAgency agency, CancellationToken cancellationToken)
    {
        foreach (var changed in agency.Changes)
        {
            var details = new Dictionary<string, string?>(changed.Details) { ["version"] = agency.Version.ToString(CultureInfo.InvariantCulture) };
            await writer.Audit.AppendAsync(db, user, changed.Action, null, details, cancellationToken);
        }
        agency.ClearChanges();
    }

    private Task<UserRef> RequireAdminAsync(string what, CancellationToken cancellationToken) =>
        currentUser.RequireAnyRoleAsync(writer, what, null, [Roles.Admin], cancellationToken);
}
