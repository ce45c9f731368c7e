using System.Globalization;
using System.Security.Cryptography;
using ComplianceReview.App.Data;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Services;

/// <summary>An uploaded order document as received: bytes and the name the sender gave it (never used as a path).</summary>
public sealed record UploadedDocument(string FileName, byte[] Content);

public sealed record RegistrationResult(DemandReference? Reference, IReadOnlyList<FieldProblem> Problems, IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Reference is not null;

    /// <summary>The submission's key had registered <see cref="Reference"/> before: nothing new was registered.</summary>
    public bool Replayed { get; init; }

    /// <summary>The submission's key registered this demand with a different request: refused, nothing registered.</summary>
    public DemandReference? KeyUsedFor { get; init; }
}

/// <summary>
/// Every state change of a demand. Each method checks the caller's role itself (hiding a button is not security),
/// refuses a stale copy (<c>expectedVersion</c>), applies the domain transition and commits it with its audit entry.
/// </summary>
public sealed class DemandService(
    IDbContextFactory<ComplianceDbContext> contexts,
    ComplianceWriter writer,
    ICurrentUser currentUser,
    ICustomerDataSource customerData,
    OrderDocumentCheck orderCheck,
    TimeProvider time,
    Workload.ReviewerDirectory reviewers)
{
    public async Task<LegalDemand?> FindAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (!DemandReference.TryParse(reference, out var parsed)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Load(db).AsNoTracking().SingleOrDefaultAsync(d => d.Reference == parsed, cancellationToken);
    }

    /// <summary>The demand for its page, with its pre-checks; the view is audited because it shows which accounts exist.</summary>
    public async Task<(LegalDemand Demand, IReadOnlyList<Finding> Findings)> OpenAsync(string reference, CancellationToken cancellationToken = default)
    {
        var user = await RequireAnyRoleAsync("view demand", reference, Roles.Reviewer, Roles.LegalLead, Roles.Auditor);
        var demand = await FindAsync(reference, cancellationToken) ?? throw new DemandNotFoundException(reference);
        var findings = await EvaluateAsync(demand, cancellationToken);
        await writer.RecordAsync(user, AuditActions.DemandViewed, demand.Reference.Value, null, cancellationToken);
        return (demand, findings);
    }

    public async Task<IReadOnlyList<Finding>> EvaluateAsync(LegalDemand demand, CancellationToken cancellationToken = default)
    {
        var resolutions = await customerData.ResolveAsync(demand.RequestedScope.Identifiers, cancellationToken);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var related = await RelatedDemands.FindAsync(db, demand, resolutions, now, cancellationToken);
        return [.. PreChecks.Evaluate(demand, resolutions.Of, now), .. CoveredRangeChecks.Evaluate(demand, now),
            .. OverlapChecks.Evaluate(demand, related, resolutions.Of)];
    }

    /// <summary>The account each specific identifier of the demand names now (its account id), for the identifier table; absent if none or several.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolvedAccountsAsync(LegalDemand demand, CancellationToken cancellationToken = default)
    {
        var resolutions = await customerData.ResolveAsync(demand.RequestedScope.Identifiers, cancellationToken);
        return resolutions.Identifiers
            .Select(i => (i.Value, resolutions.Of(i)))
            .Where(r => r.Item2.Kind == ResolutionKind.Unique && r.Item2.AccountLabel is not null)
            .ToDictionary(r => r.Value, r => r.Item2.AccountLabel!, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<DemandReference>> FindDuplicatesAsync(string agencyName, string caseNumber, CancellationToken cancellationToken = default)
    {
        var agency = agencyName.Trim();
        var caseNo = caseNumber.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Demands.AsNoTracking()
            .Where(d => d.Agency.Name == agency && d.CaseNumber == caseNo)
            .Select(d => d.Reference)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Registers a demand. With a <paramref name="submission"/>, once per key and registering principal: a submission
    /// whose key registered a demand before (a double-click, a retry, a resend after a reconnect) gets that demand back
    /// (<see cref="RegistrationResult.Replayed"/>), and one that reuses the key for a different request is refused
    /// (<see cref="RegistrationResult.KeyUsedFor"/>). The key is looked up again inside the write transaction, which
    /// holds the database's write lock, so concurrent retries register exactly one demand.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(DemandRegistration registration, UploadedDocument? document,
        RegistrationSubmission? submission = null, CancellationToken cancellationToken = default)
    {
        // A reviewer through the form or the API, or a request portal (an application) through the API.
        var user = await RequireAnyRoleAsync("register a demand", null, Roles.Reviewer, Roles.Intake);
        if (submission is not null)
        {
            // The common retry: answered before the document is checked again.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await FindSubmissionAsync(db, user, submission, cancellationToken) is { } earlier)
            {
                await writer.RecordAsync(user, AuditActions.RegistrationRepeated, earlier.DemandReference, RepeatDetails(submission, earlier), cancellationToken);
                return await RepeatedAsync(submission, earlier, cancellationToken);
            }
        }
        var problems = registration.Validate().ToList();

        StoredDocument? stored = null;
        if (document is not null)
        {
            // The same bounded check as the form's; the form's verdict is not trusted, the bytes are checked again here.
            var verdict = await orderCheck.CheckAsync(document.Content, cancellationToken);
            if (verdict.Problem is { } problem) problems.Add(new FieldProblem(nameof(DemandRegistration.OrderDocument), problem));
            else
            {
                // Kept byte for byte, active content included: it is evidence of what the agency sent (its hash is recorded).
                var sha = Convert.ToHexStringLower(SHA256.HashData(document.Content));
                stored = new StoredDocument { Sha256 = sha, ContentType = "application/pdf", Content = document.Content, StoredAt = time.GetUtcNow() };
                registration = registration with
                {
                    OrderDocument = new OrderDocument(SafeFileName(document.FileName), document.Content.LongLength, sha, verdict.ActiveContent),
                };
            }
        }
        await using (var check = await contexts.CreateDbContextAsync(cancellationToken))
            problems.AddRange(await Requesters.RequesterVerification.CheckRegistrationAsync(check, registration, cancellationToken));
        if (problems.Count > 0) return new RegistrationResult(null, problems, [], []);

        var duplicates = await FindDuplicatesAsync(registration.AgencyName, registration.CaseNumber, cancellationToken);
        var named = registration.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).Select(RequestedTarget.From).Select(t => t.Identifier).OfType<AccountIdentifier>();
        var resolutions = await customerData.ResolveAsync(named, cancellationToken);
        var warnings = duplicates.Select(r => $"{r} has the same agency and case number.").ToList();

        var (demand, repeated) = await writer.WriteAsync(async db =>
        {
            if (submission is not null && await FindSubmissionAsync(db, user, submission, cancellationToken) is { } earlier)
            {
                // A concurrent submission with this key committed while this one was being checked.
                await writer.Audit.AppendAsync(db, user, AuditActions.RegistrationRepeated, earlier.DemandReference, RepeatDetails(submission, earlier), cancellationToken);
                return ((LegalDemand?)null, earlier);
            }
            var reference = await NextReferenceAsync(db, cancellationToken);
            var created = LegalDemand.Register(reference, registration, user);
            created.RecordResolutions(resolutions.Of);
            db.Demands.Add(created);
            if (submission is not null)
            {
                db.RegistrationSubmissions.Add(new RegistrationSubmissionRecord
                {
                    Id = Guid.NewGuid(),
                    RegisteredById = user.Id,
                    Key = submission.Key.Value,
                    Fingerprint = submission.Fingerprint,
                    DemandId = created.Id,
                    DemandReference = reference.Value,
                    SubmittedAt = time.GetUtcNow(),
                });
            }
            if (stored is not null && !await db.Documents.AnyAsync(d => d.Sha256 == stored.Sha256, cancellationToken)) db.Documents.Add(stored);
            var details = new Dictionary<string, string?>
            {
                ["processType"] = created.ProcessType.ToString(),
                ["agency"] = created.Agency.Name,
                ["country"] = created.Agency.CountryCode,
                ["caseNumber"] = created.CaseNumber,
                ["targets"] = created.Targets.Count.ToString(CultureInfo.InvariantCulture),
                ["orderSha256"] = created.OrderDocument?.Sha256,
                ["directoryAgencyId"] = created.DirectoryAgencyId?.ToString() ?? "unknown",
                ["sender"] = created.Sender?.Value,
                ["messageSha256"] = created.SourceMessageSha256,
            };
            if (created.OrderDocument is { HasActiveContent: true } order) details["orderActiveContent"] = order.ActiveContent.ToString();
            if (currentUser.IsApplication) details["registeredBy"] = "application"; // the actor is the portal: its application id and name
            if (submission is not null) details["submissionKey"] = submission.Key.Value;
            await writer.Audit.AppendAsync(db, user, AuditActions.DemandRegistered, reference.Value, details, cancellationToken);
            return ((LegalDemand?)created, (RegistrationSubmissionRecord?)null);
        }, cancellationToken);
        if (repeated is not null) return await RepeatedAsync(submission!, repeated, cancellationToken);

        var findings = await EvaluateAsync(demand!, cancellationToken);
        return new RegistrationResult(demand!.Reference, [], findings, warnings);
    }

    private static Task<RegistrationSubmissionRecord?> FindSubmissionAsync(ComplianceDbContext db, UserRef user, RegistrationSubmission submission,
        CancellationToken cancellationToken) =>
        db.RegistrationSubmissions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.RegisteredById == user.Id && s.Key == submission.Key.Value, cancellationToken);

    private static Dictionary<string, string?> RepeatDetails(RegistrationSubmission submission, RegistrationSubmissionRecord earlier) => new()
    {
        ["submissionKey"] = submission.Key.Value,
        ["sameRequest"] = SameRequest(submission, earlier) ? "true" : "false",
    };

    private static bool SameRequest(RegistrationSubmission submission, RegistrationSubmissionRecord earlier) =>
        string.Equals(submission.Fingerprint, earlier.Fingerprint, StringComparison.Ordinal);

    private async Task<RegistrationResult> RepeatedAsync(RegistrationSubmission submission, RegistrationSubmissionRecord earlier, CancellationToken cancellationToken)
    {
        var reference = DemandReference.Parse(earlier.DemandReference);
        if (!SameRequest(submission, earlier))
        {
            return new RegistrationResult(null,
                [new FieldProblem(nameof(RegistrationSubmission), $"This submission's key already registered {reference} with different details; nothing new was registered. " +
                    $"Open {reference} to check or correct it, or register a new demand as a new submission.")], [], [])
            { KeyUsedFor = reference };
        }
        var demand = await FindAsync(reference.Value, cancellationToken) ?? throw new DemandNotFoundException(reference.Value);
        return new RegistrationResult(reference, [], await EvaluateAsync(demand, cancellationToken), []) { Replayed = true };
    }

    public Task<LegalDemand> StartReviewAsync(string reference, int expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "start a review", (demand, user, now, _) =>
        {
            demand.StartReview(user);
            return Task.FromResult(Audit(AuditActions.ReviewStarted));
        }, cancellationToken);

    public Task<LegalDemand> ApproveAsync(string reference, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "approve", async (demand, user, now, db) =>
        {
            var resolutions = await customerData.ResolveAsync(demand.RequestedScope.Identifiers, cancellationToken);
            demand.Approve(user, reason, resolutions.Of, now, await Requesters.RequesterVerification.AssessAsync(db, demand, cancellationToken));
            var snapshot = await TakeSnapshotAsync(db, demand, now, cancellationToken);
            return Audit(AuditActions.DemandApproved, ("reason", reason), ("scope", demand.ApprovedScope!.Describe())) with { Before = snapshot };
        }, cancellationToken);

    public Task<LegalDemand> ApprovePartiallyAsync(string reference, int expectedVersion, string reason, IEnumerable<AccountIdentifier> identifiers,
        IEnumerable<DataCategory> categories, DateRange? range, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "approve", async (demand, user, now, db) =>
        {
            var approved = identifiers.ToList();
            var resolutions = await customerData.ResolveAsync(approved, cancellationToken);
            demand.ApprovePartially(user, reason, approved, categories, range, resolutions.Of, now,
                await Requesters.RequesterVerification.AssessAsync(db, demand, cancellationToken));
            var snapshot = await TakeSnapshotAsync(db, demand, now, cancellationToken);
            // The domain records a "partial" approval that narrowed nothing as an approval in full; the trail says what was recorded.
            var action = demand.Decisions[^1].Kind == DecisionKind.Approve ? AuditActions.DemandApproved : AuditActions.DemandApprovedPartially;
            return Audit(action, ("reason", reason), ("scope", demand.ApprovedScope!.Describe())) with { Before = snapshot };
        }, cancellationToken);

    public Task<LegalDemand> RejectAsync(string reference, int expectedVersion, RejectionReason code, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "reject", (demand, user, now, _) =>
        {
            demand.Reject(user, code, reason, now);
            return Task.FromResult(Audit(AuditActions.DemandRejected, ("reasonCode", code.ToString()), ("reason", reason)));
        }, cancellationToken);

    public Task<LegalDemand> PreserveAsync(string reference, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "preserve", (demand, user, now, _) =>
        {
            demand.Preserve(user, reason, now);
            return Task.FromResult(Audit(AuditActions.DemandPreserved, ("reason", reason), ("until", demand.PreservedUntil?.ToString("O", CultureInfo.InvariantCulture))));
        }, cancellationToken);

    public Task<LegalDemand> ExtendPreservationAsync(string reference, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "extend a preservation", (demand, user, now, _) =>
        {
            demand.ExtendPreservation(user, reason, now);
            return Task.FromResult(Audit(AuditActions.PreservationExtended, ("reason", reason), ("until", demand.PreservedUntil?.ToString("O", CultureInfo.InvariantCulture))));
        }, cancellationToken);

    public Task<LegalDemand> ReleaseAsync(string reference, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "release a preservation", (demand, user, now, _) =>
        {
            demand.Release(user, reason, now);
            return Task.FromResult(Audit(AuditActions.PreservationReleased, ("reason", reason)));
        }, cancellationToken);

    public Task<LegalDemand> SignOffAsync(string reference, int expectedVersion, string packageSha256, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.LegalLead, "sign off", (demand, user, now, _) =>
        {
            demand.SignOff(user, packageSha256, now);
            return Task.FromResult(Audit(AuditActions.SignedOff, ("packageSha256", demand.Package!.Sha256), ("outcome", demand.Outcome?.ToString())));
        }, cancellationToken);

    public Task<LegalDemand> SendBackAsync(string reference, int expectedVersion, string note, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.LegalLead, "send back", (demand, user, now, _) =>
        {
            demand.SendBack(user, note, now);
            return Task.FromResult(Audit(AuditActions.SentBack, ("note", note)));
        }, cancellationToken);

    /// <summary>
    /// Assigns an open demand to a reviewer: a first assignment, a hand-over by its assignee, or a reassignment; the note
    /// (required once the demand has an assignee) goes into the audit entry with who had it before.
    /// </summary>
    public Task<LegalDemand> AssignAsync(string reference, int expectedVersion, string assigneeId, string? note, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "assign a demand", async (demand, user, _, _) =>
        {
            var assignee = await reviewers.FindAsync(assigneeId, cancellationToken)
                ?? throw new DomainException("Choose a reviewer from the list: that person is not known as a reviewer.");
            var previous = demand.AssignedReviewerId is null ? null : new UserRef(demand.AssignedReviewerId, demand.AssignedReviewerName ?? demand.AssignedReviewerId);
            demand.Assign(assignee, user, note);
            return Audit(AuditActions.DemandAssigned, ("assigneeId", assignee.Id), ("assignee", assignee.Name),
                ("previousAssigneeId", previous?.Id), ("previousAssignee", previous?.Name),
                ("handOver", previous is not null && previous.IsSamePerson(user) ? "true" : "false"), ("note", note?.Trim()));
        }, cancellationToken);

    /// <summary>The current reviewer takes over a demand assigned to someone else, with a reason: required before deciding on it.</summary>
    public Task<LegalDemand> TakeOverAsync(string reference, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "take over a demand", (demand, user, _, _) =>
        {
            var (previousId, previousName) = (demand.AssignedReviewerId, demand.AssignedReviewerName);
            demand.TakeOver(user, reason);
            return Task.FromResult(Audit(AuditActions.DemandTakenOver, ("previousAssigneeId", previousId), ("previousAssignee", previousName),
                ("reason", reason.Trim())));
        }, cancellationToken);

    /// <summary>Records the legal process that followed a disclosed emergency request; a date in the future is refused.</summary>
    public Task<LegalDemand> RecordFollowUpProcessAsync(string reference, int expectedVersion, string description, DateOnly date,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "record a follow-up legal process", (demand, user, now, _) =>
        {
            demand.RecordFollowUpProcess(user, description, date, now);
            return Task.FromResult(Audit(Reports.ReportAuditActions.FollowUpProcessRecorded,
                ("description", demand.FollowUpProcessDescription), ("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }, cancellationToken);

    /// <summary>Records that the customer was notified; refused before disclosure, under a non-disclosure order in force, or for a future date.</summary>
    public Task<LegalDemand> RecordCustomerNotificationAsync(string reference, int expectedVersion, DateOnly date, NotificationChannel channel,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(reference, expectedVersion, Roles.Reviewer, "record a customer notification", (demand, user, now, _) =>
        {
            demand.RecordCustomerNotification(user, date, channel, now);
            return Task.FromResult(Audit(Reports.ReportAuditActions.CustomerNotificationRecorded,
                ("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("channel", channel.ToString())));
        }, cancellationToken);

    /// <summary>
    /// Applies one transition and its audit entries in one write transaction. The demand is read and changed (and for an
    /// approval its snapshot taken) before the write lock is taken, so other writers wait only for the audit entries and
    /// the commit; the demand's concurrency token (its version) then makes the save fail if anyone changed the demand in
    /// between, so exactly one of several concurrent decisions wins.
    /// </summary>
    private async Task<LegalDemand> ChangeAsync(string reference, int expectedVersion, string role, string what,
        Func<LegalDemand, UserRef, DateTimeOffset, ComplianceDbContext, Task<AuditRecord>> change, CancellationToken cancellationToken)
    {
        var user = await RequireRoleAsync(role, what, reference);
        if (!DemandReference.TryParse(reference, out var parsed)) throw new DemandNotFoundException(reference);
        try
        {
            return await writer.WriteAsync(
                prepare: async db =>
                {
                    var demand = await Load(db).SingleOrDefaultAsync(d => d.Reference == parsed, cancellationToken)
                        ?? throw new DemandNotFoundException(reference);
                    if (demand.Version != expectedVersion)
                        throw new DemandConflictException($"{demand.Reference} was changed by someone else while you had it open (it is now {demand.Status}). The page shows the current state; check it and decide again.");
                    var record = await change(demand, user, time.GetUtcNow(), db);
                    return (demand, record);
                },
                write: async (db, prepared) =>
                {
                    var (demand, record) = prepared;
                    if (record.Before is { } before)
                        await writer.Audit.AppendAsync(db, user, before.Action, demand.Reference.Value, before.Details, cancellationToken);
                    var details = new Dictionary<string, string?>(record.Details) { ["status"] = demand.Status.ToString(), ["version"] = demand.Version.ToString(CultureInfo.InvariantCulture) };
                    await writer.Audit.AppendAsync(db, user, record.Action, demand.Reference.Value, details, cancellationToken);
                    return demand;
                },
                cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DemandConflictException($"{reference} was changed by someone else at the same moment. The page shows the current state; check it and decide again.");
        }
        catch (NotAssignedException refused)
        {
            // Deciding on someone else's demand needs a take-over first; the attempt is recorded like any refusal.
            await AccessGuard.RecordRefusalAsync(writer, user, what, reference, "assignee or take-over", cancellationToken);
            throw new DomainException(refused.Message);
        }
        catch (FourEyesViolation)
        {
            // The write was rolled back; the refused attempt is recorded on its own.
            await AccessGuard.RecordRefusalAsync(writer, user, what, reference, "four-eyes", cancellationToken);
            throw;
        }
        catch (CallBackRequiredException refused)
        {
            await writer.RecordAsync(user, Requesters.RequesterAuditActions.ApprovalRefusedWithoutCallBack, reference,
                new Dictionary<string, string?> { ["attempted"] = what, ["reason"] = refused.Message }, cancellationToken);
            throw;
        }
    }

    /// <summary>Extracts what the approved scope covers and adds the snapshot; returns its audit entry, to precede the decision's.</summary>
    private async Task<AuditRecord> TakeSnapshotAsync(ComplianceDbContext db, LegalDemand demand, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scope = demand.ApprovedScope ?? throw new InvalidOperationException("An approval without a scope.");
        var extracted = await customerData.ExtractAsync(demand.Reference.Value, scope, now, cancellationToken);
        var snapshot = SameAccountMerge.Merge(extracted, (await customerData.ResolveAsync(scope.Identifiers, cancellationToken)).Of);
        var record = DisclosureSnapshotRecord.For(demand, snapshot, now);
        db.Snapshots.Add(record);
        return Audit(AuditActions.SnapshotTaken, ("snapshotSha256", record.Sha256), ("records", snapshot.RecordCount.ToString(CultureInfo.InvariantCulture)));
    }

    private static IQueryable<LegalDemand> Load(ComplianceDbContext db) =>
        db.Demands.Include(d => d.Decisions).Include(d => d.SignOffs).Include(d => d.CallBacks).AsSplitQuery();

    private Task<UserRef> RequireRoleAsync(string role, string what, string? reference) =>
        currentUser.RequireAnyRoleAsync(writer, what, reference, [role]);

    private Task<UserRef> RequireAnyRoleAsync(string what, string? reference, params string[] roles) =>
        currentUser.RequireAnyRoleAsync(writer, what, reference, roles);

    private async Task<DemandReference> NextReferenceAsync(ComplianceDbContext db, CancellationToken cancellationToken)
    {
        var last = await db.Demands.OrderByDescending(d => d.Reference).Select(d => d.Reference).FirstOrDefaultAsync(cancellationToken);
        return DemandReference.Next(last, time.GetUtcNow());
    }

    public static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var cleaned = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_').ToArray()).Trim();
        if (cleaned.Length == 0 || cleaned.All(c => c == '.')) cleaned = "order.pdf";
        return cleaned.Length > OrderDocument.MaxFileNameLength ? cleaned[..OrderDocument.MaxFileNameLength] : cleaned;
    }

    /// <summary>An audit entry to append; <see cref="Before"/> is one that goes first (an approval's snapshot).</summary>
    private sealed record AuditRecord(string Action, IReadOnlyDictionary<string, string?> Details)
    {
        public AuditRecord? Before { get; init; }
    }

    private static AuditRecord Audit(string action, params (string Key, string? Value)[] details) =>
        new(action, details.ToDictionary(d => d.Key, d => d.Value));
}
