using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services.Requesters;

/// <summary>Everything the reviewer sees about where a demand came from.</summary>
public sealed record RequesterView(
    DirectoryAgency? Agency,
    AgencyHistory History,
    SenderAssessment Assessment,
    bool CallBackRequired,
    string? CallBackRefusal,
    ReceivedMessageRecord? Message,
    IReadOnlyList<DirectoryAgency> Directory);

/// <summary>
/// The sender checks and call-backs of a demand: gathers what <see cref="SenderChecks"/> needs from the database, and
/// records the reviewer's call-backs and agency links, each with its audit entry. The rules are the domain's.
/// </summary>
public sealed class RequesterVerification(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    TimeProvider time)
{
    /// <summary>The sender checks of <paramref name="demand"/> against the directory as it is in <paramref name="db"/> now.</summary>
    public static async Task<SenderAssessment> AssessAsync(ComplianceDbContext db, LegalDemand demand, CancellationToken cancellationToken = default)
    {
        var directory = await db.DirectoryAgencies.AsNoTracking().ToListAsync(cancellationToken);
        return await AssessAsync(db, demand, directory, cancellationToken);
    }

    private static async Task<SenderAssessment> AssessAsync(ComplianceDbContext db, LegalDemand demand, IReadOnlyList<DirectoryAgency> directory,
        CancellationToken cancellationToken)
    {
        var agency = demand.DirectoryAgencyId is { } id ? directory.SingleOrDefault(a => a.Id == id) : null;
        var earlier = 0;
        if (demand.Sender is { } sender && agency is not null)
        {
            var received = demand.ReceivedAt;
            earlier = await db.Demands.AsNoTracking()
                .Where(d => d.DirectoryAgencyId == agency.Id && d.Sender == sender && d.Id != demand.Id)
                .Where(d => d.ReceivedAt < received)
                .CountAsync(cancellationToken);
        }
        return SenderChecks.Evaluate(demand, new SenderContext(agency, directory, earlier));
    }

    public async Task<RequesterView> ViewAsync(LegalDemand demand, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAnyRoleAsync(writer, "view where a demand came from", demand.Reference.Value,
            [Roles.Reviewer, Roles.LegalLead, Roles.Auditor], cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var directory = await db.DirectoryAgencies.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var assessment = await AssessAsync(db, demand, directory, cancellationToken);
        var agency = demand.DirectoryAgencyId is { } id ? directory.SingleOrDefault(a => a.Id == id) : null;
        var history = agency is null ? AgencyHistory.None : await AgencyDirectoryService.HistoryAsync(db, agency.Id, cancellationToken);
        var message = demand.SourceMessageSha256 is { } sha
            ? await db.ReceivedMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Sha256 == sha, cancellationToken)
            : null;
        return new RequesterView(agency, history, assessment, demand.RequiresCallBack(assessment), demand.CallBackRefusal(assessment), message, directory);
    }

    /// <summary>Records a call-back to a directory contact of the demand's agency; the number is the directory's, never typed in.</summary>
    public Task<LegalDemand> RecordCallBackAsync(string reference, int expectedVersion, Guid contactId, CallBackOutcome outcome, DateTimeOffset calledAt,
        string note, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, "record a call-back", async (db, demand, user, now) =>
        {
            var agency = demand.DirectoryAgencyId is { } id
                ? await db.DirectoryAgencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
                : null;
            if (agency is null)
                throw new DomainException($"{demand.Reference} is not linked to a directory agency, so there is no verified number to call. Link it to its agency first.");
            var call = demand.RecordCallBack(user, agency, contactId, outcome, calledAt, note, now);
            return (RequesterAuditActions.CallBackRecorded, new Dictionary<string, string?>
            {
                ["agencyId"] = agency.Id.ToString(),
                ["contactId"] = call.ContactId.ToString(),
                ["contact"] = call.ContactName,
                ["phone"] = call.PhoneNumber,
                ["calledAt"] = call.CalledAt.ToString("O", CultureInfo.InvariantCulture),
                ["outcome"] = call.Outcome.ToString(),
                ["note"] = call.Note,
            });
        }, cancellationToken);

    public Task<LegalDemand> LinkAgencyAsync(string reference, int expectedVersion, Guid agencyId, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, "link a demand to its agency", async (db, demand, user, _) =>
        {
            var agency = await db.DirectoryAgencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agencyId, cancellationToken)
                ?? throw new DomainException("That agency is not in the directory.");
            var previous = demand.DirectoryAgencyId;
            demand.LinkAgency(agency, user);
            return (RequesterAuditActions.DemandAgencyLinked, new Dictionary<string, string?>
            {
                ["agencyId"] = agency.Id.ToString(),
                ["agency"] = agency.Name,
                ["previousAgencyId"] = previous?.ToString(),
            });
        }, cancellationToken);

    /// <summary>Problems with a registration's directory agency or source message, by field, as the intake form shows them.</summary>
    public static async Task<IReadOnlyList<FieldProblem>> CheckRegistrationAsync(ComplianceDbContext db, DemandRegistration registration,
        CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        if (registration.DirectoryAgencyId is { } id && !await db.DirectoryAgencies.AnyAsync(a => a.Id == id, cancellationToken))
            problems.Add(new(nameof(DemandRegistration.DirectoryAgencyId), "That agency is not in the directory (any more); choose another or mark the agency unknown."));
        if (registration.SourceMessageSha256 is { } sha && !await db.ReceivedMessages.AnyAsync(m => m.Sha256 == sha, cancellationToken))
            problems.Add(new(nameof(DemandRegistration.SourceMessageSha256), "The e-mail message this demand came in was not taken in; upload it again."));
        return problems;
    }

    private async Task<LegalDemand> ChangeAsync(string reference, int expectedVersion, string what,
        Func<ComplianceDbContext, LegalDemand, UserRef, DateTimeOffset, Task<(string Action, Dictionary<string, string?> Details)>> change,
        CancellationToken cancellationToken)
    {
        var user = await currentUser.RequireAnyRoleAsync(writer, what, reference, [Roles.Reviewer], cancellationToken);
        if (!DemandReference.TryParse(reference, out var parsed)) throw new DemandNotFoundException(reference);
        try
        {
            return await writer.WriteAsync(
                prepare: async db =>
                {
                    var demand = await db.Demands.Include(d => d.Decisions).Include(d => d.SignOffs).Include(d => d.CallBacks).AsSplitQuery()
                        .SingleOrDefaultAsync(d => d.Reference == parsed, cancellationToken) ?? throw new DemandNotFoundException(reference);
                    if (demand.Version != expectedVersion)
                        throw new DemandConflictException($"{demand.Reference} was changed by someone else while you had it open (it is now {demand.Status}). The page shows the current state; check it and try again.");
                    var record = await change(db, demand, user, time.GetUtcNow());
                    return (demand, record);
                },
                write: async (db, prepared) =>
                {
                    var (demand, (action, details)) = prepared;
                    details["status"] = demand.Status.ToString();
                    details["version"] = demand.Version.ToString(CultureInfo.InvariantCulture);
                    await writer.Audit.AppendAsync(db, user, action, demand.Reference.Value, details, cancellationToken);
                    return demand;
                },
                cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DemandConflictException($"{reference} was changed by someone else at the same moment. The page shows the current state; check it and try again.");
        }
    }
}
