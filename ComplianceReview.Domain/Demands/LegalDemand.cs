using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;

using ComplianceReview.Domain.Demands.Rules;

namespace ComplianceReview.Domain.Demands;

public enum DemandAction
{
    StartReview,
    Approve,
    ApprovePartially,
    Reject,
    AttachPackage,
    SignOff,
    SendBack,
    Preserve,
    ExtendPreservation,
    Release,
}

/// <summary>
/// One demand for customer data as received, its review, sign-off and disclosure. Every transition is a method that
/// throws <see cref="DomainException"/> when the move is not allowed from the current state.
/// </summary>
public sealed partial class LegalDemand
{

    private readonly List<RequestedTarget> _targets = [];
    private readonly List<DataCategory> _requestedCategories = [];
    private readonly List<ReviewDecision> _decisions = [];
    private readonly List<SignOff> _signOffs = [];

    private LegalDemand()
    {
        Reference = null!;
        Agency = null!;
        IssuingAuthority = "";
        CaseNumber = "";
        NonDisclosure = NonDisclosureOrder.None;
        RegisteredById = "";
        RegisteredByName = "";
    }

    public Guid Id { get; private set; }
    public DemandReference Reference { get; private set; }
    public RequestingAgency Agency { get; private set; }
    public ProcessType ProcessType { get; private set; }
    public string IssuingAuthority { get; private set; }
    public string CaseNumber { get; private set; }
    public DateOnly IssuedOn { get; private set; }
    public DateOnly? ExpiresOn { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public IReadOnlyList<RequestedTarget> Targets => _targets;
    public IReadOnlyList<DataCategory> RequestedCategories => _requestedCategories;
    public DateRange? CoveredRange { get; private set; }
    public NonDisclosureOrder NonDisclosure { get; private set; }
    public string? EmergencyJustification { get; private set; }
    public OrderDocument? OrderDocument { get; private set; }
    public string RegisteredById { get; private set; }
    public string RegisteredByName { get; private set; }

    /// <summary>The reviewer the demand is assigned to (stable id): who started the review, or whom it was assigned or handed over to; null until then.</summary>
    public string? AssignedReviewerId { get; private set; }
    public string? AssignedReviewerName { get; private set; }

    public DemandStatus Status { get; private set; }
    public Outcome? Outcome { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public IReadOnlyList<ReviewDecision> Decisions => _decisions;
    public IReadOnlyList<SignOff> SignOffs => _signOffs;
    public DisclosurePackageInfo? Package { get; private set; }
    public DateTimeOffset? PreservedUntil { get; private set; }
    public bool PreservationExtended { get; private set; }

    /// <summary>Optimistic concurrency token: every transition bumps it, so a stale copy cannot be saved.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// How many of the requested targets are specific identifiers (the transparency report's "accounts specified").
    /// Fixed at registration and stored, so the report sums a column instead of counting a child table per demand.
    /// </summary>
    public int SpecifiedAccountCount { get; private set; }

    /// <summary>For a disclosed emergency request: the legal process that followed it, once recorded.</summary>
    public string? FollowUpProcessDescription { get; private set; }
    public DateOnly? FollowUpProcessDate { get; private set; }
    public string? FollowUpRecordedById { get; private set; }
    public string? FollowUpRecordedByName { get; private set; }

    /// <summary>When and how the customer was told about the disclosure, once recorded.</summary>
    public DateOnly? CustomerNotifiedOn { get; private set; }
    public NotificationChannel? CustomerNotificationChannel { get; private set; }
    public string? CustomerNotificationRecordedById { get; private set; }
    public string? CustomerNotificationRecordedByName { get; private set; }

    /// <summary>The day (UTC) the demand was disclosed, or null if it was not.</summary>
    public DateOnly? DisclosedOn => Status == DemandStatus.Disclosed && ClosedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null;

    public bool IsEmergency => ProcessType == ProcessType.EmergencyRequest;
    public bool IsClosed => Status.IsClosed();

    public DisclosureScope RequestedScope =>
        DisclosureScope.Requested(_targets.Select(t => t.Identifier).OfType<AccountIdentifier>(), _requestedCategories, CoveredRange);

    /// <summary>The scope of the approval currently in force, if the last decision approved something.</summary>
    public DisclosureScope? ApprovedScope =>
        Status is DemandStatus.AwaitingSignOff or DemandStatus.Disclosed ? _decisions.LastOrDefault()?.ApprovedScope : null;

    /// <summary>Everyone who decided on this demand; none of them may sign it off.</summary>
    public IEnumerable<UserRef> Deciders => _decisions.Select(d => d.DecidedBy).DistinctBy(u => u.Id);

    public static LegalDemand Register(DemandReference reference, DemandRegistration registration, UserRef registeredBy)
    {
        var problems = registration.Validate();
        if (problems.Count > 0) throw new DomainException(string.Join(" ", problems.Select(p => p.Message)));

        var demand = new LegalDemand
        {
            Id = Guid.NewGuid(),
            Reference = reference,
            Agency = new RequestingAgency(registration.AgencyName, registration.AgencyCountry),
            ProcessType = registration.ProcessType,
            IssuingAuthority = registration.IssuingAuthority.Trim(),
            CaseNumber = registration.CaseNumber.Trim(),
            IssuedOn = registration.IssuedOn,
            ExpiresOn = registration.ExpiresOn,
            // Stored and compared as UTC instants (SQLite keeps ticks): an offset must not reorder the queue.
            ReceivedAt = registration.ReceivedAt.ToUniversalTime(),
            DueAt = registration.DueAt.ToUniversalTime(),
            CoveredRange = registration.CoveredFrom is { } from && registration.CoveredTo is { } to ? new DateRange(from, to) : null,
            NonDisclosure = NonDisclosureOrder.From(registration.NonDisclosure, registration.NonDisclosureUntil),
            EmergencyJustification = string.IsNullOrWhiteSpace(registration.EmergencyJustification) ? null : registration.EmergencyJustification.Trim(),
            OrderDocument = registration.OrderDocument,
            RegisteredById = registeredBy.Id,
            RegisteredByName = registeredBy.Name,
            Status = DemandStatus.Received,
            DirectoryAgencyId = registration.DirectoryAgencyId,
            Sender = string.IsNullOrWhiteSpace(registration.SenderAddress) ? null : Agencies.SenderAddress.Parse(registration.SenderAddress),
            SourceMessageSha256 = registration.SourceMessageSha256,
        };
        demand._targets.AddRange(registration.Targets.Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(RequestedTarget.From).DistinctBy(t => t.Value ?? t.Raw));
        demand._requestedCategories.AddRange(registration.Categories.Distinct().Order());
        demand.SpecifiedAccountCount = demand._targets.Count(t => t.Value is not null);
        return demand;
    }

    /// <summary>
    /// Records which account each target named at registration (the customer data's answer) and counts the accounts the
    /// demand specifies once each: an e-mail address and the account id of one customer are one account specified.
    /// </summary>
    public void RecordResolutions(Func<AccountIdentifier, IdentifierResolution> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        if (Status != DemandStatus.Received) throw new DomainException($"{Reference} is {Status}; the accounts it names are recorded at registration.");
        foreach (var target in _targets)
            target.RecordResolution(target.Identifier is { } identifier && resolve(identifier) is { Kind: ResolutionKind.Unique } unique ? unique.AccountId : null);
        SpecifiedAccountCount = SameAccountMerge.CountAccounts(_targets.Select(t => t.Identifier).OfType<AccountIdentifier>(), resolve);
    }

    public void StartReview(UserRef reviewer)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        Require(DemandAction.StartReview, DemandStatus.Received);
        // A demand assigned before its review starts stays with its assignee: starting it is not taking it over.
        if (AssignedReviewerId is null)
        {
            AssignedReviewerId = reviewer.Id;
            AssignedReviewerName = reviewer.Name;
        }
        Status = DemandStatus.InReview;
        Version++;
    }

    public bool IsAssignedTo(UserRef user) => string.Equals(AssignedReviewerId, user.Id, StringComparison.Ordinal);

    /// <summary>
    /// Assigns the open demand to <paramref name="assignee"/>: a first assignment, a hand-over by its assignee, or a
    /// reassignment of someone else's demand. Once it has an assignee, the note (why, what is left to do) is required.
    /// </summary>
    public void Assign(UserRef assignee, UserRef by, string? note)
    {
        ArgumentNullException.ThrowIfNull(assignee);
        ArgumentNullException.ThrowIfNull(by);
        if (IsClosed) throw new DomainException($"{Reference} is closed ({Words.Of(Status).ToLowerInvariant()}); there is no work left to assign.");
        if (IsAssignedTo(assignee)) throw new DomainException($"{Reference} is already assigned to {assignee.Name}.");
        Assignment.CheckNote(note, required: AssignedReviewerId is not null, "reassigning");
        AssignedReviewerId = assignee.Id;
        AssignedReviewerName = assignee.Name;
        Version++;
    }

    /// <summary>
    /// <paramref name="reviewer"/> takes over a demand assigned to someone else, with a reason: the explicit, recorded
    /// step before deciding on another person's demand.
    /// </summary>
    public void TakeOver(UserRef reviewer, string reason)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (IsClosed) throw new DomainException($"{Reference} is closed ({Words.Of(Status).ToLowerInvariant()}); there is nothing to take over.");
        if (AssignedReviewerId is null) throw new DomainException($"{Reference} is not assigned to anyone; assign it to yourself instead.");
        if (IsAssignedTo(reviewer)) throw new DomainException($"{Reference} is already assigned to you.");
        Assignment.CheckNote(reason, required: true, "taking over");
        AssignedReviewerId = reviewer.Id;
        AssignedReviewerName = reviewer.Name;
        Version++;
    }

    /// <summary>Refuses a decision by anyone but the assignee (a review always has one once started).</summary>
    private void RequireAssignee(UserRef reviewer)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (AssignedReviewerId is not null && !IsAssignedTo(reviewer))
            throw new NotAssignedException($"{Reference} is assigned to {AssignedReviewerName ?? AssignedReviewerId}. Take it over first (with a reason, recorded) to decide on it.");
    }

    /// <summary>
    /// Approves everything that was requested. Fails if the request is wider than the process allows, or names an
    /// identifier that <paramref name="resolve"/> (the customer data, asked now) says matches several accounts: narrow it instead.
    /// </summary>
    public void Approve(UserRef reviewer, string reason, Func<AccountIdentifier, IdentifierResolution> resolve, DateTimeOffset now, SenderAssessment sender)
    {
        Require(DemandAction.Approve, DemandStatus.InReview);
        RequireAssignee(reviewer);
        var requested = RequestedScope;
        if (_targets.Any(t => t.Identifier is null))
            throw new DomainException("The demand names identifiers that are not specific; approve partially with the specific ones or reject it.");
        var scope = DisclosureScope.Approve(requested, ProcessType, requested.Identifiers, requested.Categories, requested.DateRange);
        Decide(DecisionKind.Approve, reviewer, reason, scope, resolve, now, sender);
    }

    /// <summary>
    /// Approves a subset of the request: fewer identifiers, fewer categories, a narrower date range. Every approved
    /// identifier must name at most one account, as <paramref name="resolve"/> (the customer data, asked now) says.
    /// </summary>
    public void ApprovePartially(UserRef reviewer, string reason, IEnumerable<AccountIdentifier> identifiers,
        IEnumerable<DataCategory> categories, DateRange? range, Func<AccountIdentifier, IdentifierResolution> resolve, DateTimeOffset now,
        SenderAssessment sender)
    {
        Require(DemandAction.ApprovePartially, DemandStatus.InReview);
        RequireAssignee(reviewer);
        var scope = DisclosureScope.Approve(RequestedScope, ProcessType, identifiers, categories, range);
        // A partial approval that keeps every identifier, category and the whole range narrowed nothing: it is an approval
        // in full and is recorded (and reported) as one.
        var narrowsNothing = scope.IsSameAs(RequestedScope) && _targets.All(t => t.Identifier is not null);
        Decide(narrowsNothing ? DecisionKind.Approve : DecisionKind.ApprovePartially, reviewer, reason, scope, resolve, now, sender);
    }

    /// <summary>What the last approval decided, in the words shown to the reviewer who asked for <paramref name="asked"/>.</summary>
    public string DescribeApproval(DemandAction asked)
    {
        var last = _decisions.LastOrDefault();
        if (last is null || !last.IsApproval || ApprovedScope is not { } scope) throw new DomainException($"{Reference} has no approval in force.");
        var what = last.Kind == DecisionKind.Approve && asked == DemandAction.ApprovePartially
            ? $"Approved in full: the partial approval kept every identifier, category and the whole date range, so it narrowed nothing and is recorded as an approval ({scope.Describe()})."
            : last.Kind == DecisionKind.Approve ? $"Approved in full: {scope.Describe()}."
            : $"Approved partially: {scope.Describe()}.";
        return what + " The demand now awaits a legal lead's sign-off.";
    }

    public void Reject(UserRef reviewer, RejectionReason reasonCode, string reason, DateTimeOffset now)
    {
        Require(DemandAction.Reject, DemandStatus.InReview);
        RequireAssignee(reviewer);
        if (!Enum.IsDefined(reasonCode)) throw new DomainException("Choose a reason code for the rejection.");
        _decisions.Add(new ReviewDecision(DecisionKind.Reject, reasonCode, ReviewDecision.CheckReason(reason), reviewer, now, null));
        Status = DemandStatus.Rejected;
        Outcome = Demands.Outcome.Rejected;
        ClosedAt = now;
        Version++;
    }

    /// <summary>Binds the rendered package to the pending approval; the legal lead signs this exact hash.</summary>
    public void AttachPackage(DisclosurePackageInfo package)
    {
        ArgumentNullException.ThrowIfNull(package);
        Require(DemandAction.AttachPackage, DemandStatus.AwaitingSignOff);
        Package = package;
        Version++;
    }

    public void SignOff(UserRef legalLead, string packageSha256, DateTimeOffset now)
    {
        Require(DemandAction.SignOff, DemandStatus.AwaitingSignOff);
        RequireFourEyes(legalLead);
        if (Package is null) throw new DomainException("The disclosure package has not been generated yet; there is nothing to sign.");
        if (!string.Equals(Package.Sha256, packageSha256, StringComparison.OrdinalIgnoreCase))
            throw new DomainException("The package you reviewed is not the current package (its hash differs). Reopen the package and sign again.");
        if (!string.Equals(Package.CertifiedById, legalLead.Id, StringComparison.Ordinal))
            throw new DomainException($"The package's certificate names {Package.CertifiedByName}; open the package yourself so it is certified in your name, then sign.");

        _signOffs.Add(new SignOff(SignOffKind.Approved, legalLead, now, null, Package.Sha256));
        Status = DemandStatus.Disclosed;
        Outcome = Package.RecordCount == 0 ? Demands.Outcome.NoDataFound
            : Package.ContentRecordCount > 0 ? Demands.Outcome.ContentDisclosed
            : Demands.Outcome.NonContentOnly;
        ClosedAt = now;
        Version++;
    }

    public void SendBack(UserRef legalLead, string note, DateTimeOffset now)
    {
        Require(DemandAction.SendBack, DemandStatus.AwaitingSignOff);
        RequireFourEyes(legalLead);
        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainException("Say why the demand goes back to review.");
        if (trimmed.Length > Demands.SignOff.MaxNoteLength) throw new DomainException($"A note has at most {Demands.SignOff.MaxNoteLength} characters.");
        _signOffs.Add(new SignOff(SignOffKind.SentBack, legalLead, now, trimmed, Package?.Sha256));
        Package = null;
        Status = DemandStatus.InReview;
        Version++;
    }

    public void Preserve(UserRef reviewer, string reason, DateTimeOffset now)
    {
        Require(DemandAction.Preserve, DemandStatus.InReview);
        RequireAssignee(reviewer);
        var checkedReason = ReviewDecision.CheckReason(reason);
        _decisions.Add(new ReviewDecision(DecisionKind.Preserve, null, checkedReason, reviewer, now, null));
        Status = DemandStatus.Preserved;
        PreservedUntil = now + Preservation.Period;
        Version++;
    }

    public void ExtendPreservation(UserRef reviewer, string reason, DateTimeOffset now)
    {
        Require(DemandAction.ExtendPreservation, DemandStatus.Preserved);
        RequireAssignee(reviewer);
        if (PreservationExtensionRefusal(now) is { } refusal) throw new DomainException(refusal);
        _decisions.Add(new ReviewDecision(DecisionKind.ExtendPreservation, null, ReviewDecision.CheckReason(reason), reviewer, now, null));
        PreservedUntil = PreservedUntil!.Value + Preservation.Period;
        PreservationExtended = true;
        Version++;
    }

    public void Release(UserRef reviewer, string reason, DateTimeOffset now)
    {
        Require(DemandAction.Release, DemandStatus.Preserved);
        RequireAssignee(reviewer);
        _decisions.Add(new ReviewDecision(DecisionKind.Release, null, ReviewDecision.CheckReason(reason), reviewer, now, null));
        Status = DemandStatus.Released;
        ClosedAt = now;
        Version++;
    }

    /// <summary>
    /// Records the legal process (court order, warrant) that followed a disclosed emergency request. Until it is recorded
    /// the demand stays on the follow-up list; it can be recorded once.
    /// </summary>
    public void RecordFollowUpProcess(UserRef user, string description, DateOnly date, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        RecordedDates.RefuseFuture(date, now, "A follow-up legal process");
        if (!IsEmergency) throw new DomainException($"{Reference} is not an emergency request; only those need a follow-up legal process.");
        if (DisclosedOn is null) throw new DomainException($"{Reference} has not been disclosed; a follow-up legal process is due only after an emergency disclosure.");
        if (FollowUpProcessDate is not null) throw new DomainException($"The follow-up legal process of {Reference} is already recorded.");
        var text = description?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("Describe the follow-up legal process (type, issuing court, case number).");
        if (text.Length > FollowUpProcess.MaxDescriptionLength) throw new DomainException($"A description has at most {FollowUpProcess.MaxDescriptionLength} characters.");
        if (date < DateOnly.FromDateTime(ReceivedAt.UtcDateTime)) throw new DomainException("The follow-up legal process cannot be dated before the emergency request was received.");
        FollowUpProcessDescription = text;
        FollowUpProcessDate = date;
        FollowUpRecordedById = user.Id;
        FollowUpRecordedByName = user.Name;
        Version++;
    }

    /// <summary>The day the follow-up legal process of a disclosed emergency request is due, or null if none is due.</summary>
    public DateOnly? FollowUpDueOn(int followUpDays) => IsEmergency && DisclosedOn is { } disclosed ? disclosed.AddDays(followUpDays) : null;

    /// <summary>Where the customer notification stands on <paramref name="today"/>: see <see cref="Demands.NotificationStatus"/>.</summary>
    public NotificationStatus NotificationStatusOn(DateOnly today) =>
        CustomerNotifiedOn is not null ? NotificationStatus.Recorded
        : DisclosedOn is null ? NotificationStatus.NotDue
        : NonDisclosure.IsInForce(today) ? NotificationStatus.Deferred
        : NotificationStatus.Due;

    /// <summary>
    /// Records that the customer was told about the disclosure. Refused before disclosure, on a day a non-disclosure
    /// order was in force, before the day of disclosure, and a second time.
    /// </summary>
    public void RecordCustomerNotification(UserRef user, DateOnly date, NotificationChannel channel, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        RecordedDates.RefuseFuture(date, now, "A customer notification");
        if (!Enum.IsDefined(channel)) throw new DomainException("Choose how the customer was notified.");
        if (DisclosedOn is not { } disclosed) throw new DomainException($"{Reference} has not been disclosed; there is nothing to notify the customer about yet.");
        if (CustomerNotifiedOn is not null) throw new DomainException($"The customer notification of {Reference} is already recorded.");
        if (date < disclosed) throw new DomainException($"The notification cannot be dated before the disclosure on {disclosed:yyyy-MM-dd}.");
        if (NonDisclosure.IsInForce(date))
            throw new DomainException(NonDisclosure.Until is { } until
                ? $"A non-disclosure order forbids telling the customer until {until:yyyy-MM-dd}."
                : "A non-disclosure order without an end date forbids telling the customer; it has to be lifted or challenged first.");
        CustomerNotifiedOn = date;
        CustomerNotificationChannel = channel;
        CustomerNotificationRecordedById = user.Id;
        CustomerNotificationRecordedByName = user.Name;
        Version++;
    }

    /// <summary>Whether an action is legal from the current state (the same table the methods enforce); for showing buttons.</summary>
    public bool Allows(DemandAction action) => Workflow.Allows(ProcessType, Status, action);

    /// <summary>Why the preservation cannot be extended at <paramref name="now"/>, or null if it can (<see cref="Preservation"/>).</summary>
    public string? PreservationExtensionRefusal(DateTimeOffset now) => Preservation.ExtensionRefusal(PreservationExtended, PreservedUntil, now);

    /// <summary>
    /// Need-to-know for the demand's customer data: the snapshot taken at approval and the package rendered from it.
    /// Until the package is signed off, the people working on it: the demand's own reviewers (the one it is assigned to
    /// and every one who decided on it) and legal leads. Once signed off (disclosed), legal leads and auditors: the
    /// reviewers' part is done, and the auditors' begins. Nobody else, whatever their role; null when allowed.
    /// </summary>
    public string? CustomerDataRefusal(UserRef user, CustomerDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Status == DemandStatus.Disclosed)
        {
            return (reader & (CustomerDataReader.LegalLead | CustomerDataReader.Auditor)) != 0 ? null
                : $"{Reference} has been disclosed: its customer data is for legal leads and auditors now.";
        }
        if ((reader & CustomerDataReader.LegalLead) != 0) return null;
        var ownReviewer = (reader & CustomerDataReader.Reviewer) != 0
            && (string.Equals(AssignedReviewerId, user.Id, StringComparison.Ordinal) || Deciders.Any(d => d.IsSamePerson(user)));
        return ownReviewer ? null : $"{Reference} is not signed off yet: its customer data is for its own reviewers and legal leads.";
    }

    /// <summary>Why the legal lead may not sign off, send back or open the package for signature, or null (<see cref="FourEyes"/>).</summary>
    public string? FourEyesRefusal(UserRef legalLead) => FourEyes.Refusal(Deciders, legalLead);

    /// <summary>Throws <see cref="FourEyesViolation"/> if the legal lead decided on this demand.</summary>
    public void RequireFourEyes(UserRef legalLead)
    {
        if (FourEyesRefusal(legalLead) is not null) throw new FourEyesViolation();
    }

    private void Decide(DecisionKind kind, UserRef reviewer, string reason, DisclosureScope scope, Func<AccountIdentifier, IdentifierResolution> resolve,
        DateTimeOffset now, SenderAssessment sender)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        var checkedReason = ReviewDecision.CheckReason(reason);
        IdentifierResolution.RefuseAmbiguous(scope.Identifiers, resolve);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if ((OrderValidity.Expired(ExpiresOn, today) ?? OrderValidity.IssuedInFuture(IssuedOn, today)) is { } invalid) throw new DomainException(invalid);
        if (Rules.EmergencyJustification.IsMissing(ProcessType, EmergencyJustification)) throw new DomainException(Rules.EmergencyJustification.Message);
        if (CallBackRefusal(sender) is { } noCallBack) throw new CallBackRequiredException(noCallBack);
        _decisions.Add(new ReviewDecision(kind, null, checkedReason, reviewer, now, scope));
        Package = null;
        Status = DemandStatus.AwaitingSignOff;
        Version++;
    }

    private void Require(DemandAction action, DemandStatus expected)
    {
        if (!Workflow.Allows(ProcessType, Status, action))
        {
            var why = Status == expected && ProcessType == ProcessType.PreservationRequest
                ? "a preservation request is preserved or rejected, never disclosed"
                : Status == expected ? "this process type does not allow it"
                : $"the demand is {Words.Of(Status).ToLowerInvariant()}";
            throw new DomainException($"Cannot {Workflow.Verb(action)} {Reference}: {why}.");
        }
    }
}

/// <summary>The workflow table of DESIGN.md: which action is legal in which state, for which process type.</summary>
public static class Workflow
{
    public static bool Allows(ProcessType type, DemandStatus status, DemandAction action)
    {
        var preservation = type == ProcessType.PreservationRequest;
        return (status, action) switch
        {
            (DemandStatus.Received, DemandAction.StartReview) => true,
            (DemandStatus.InReview, DemandAction.Reject) => true,
            (DemandStatus.InReview, DemandAction.Approve or DemandAction.ApprovePartially) => !preservation,
            (DemandStatus.InReview, DemandAction.Preserve) => preservation,
            (DemandStatus.AwaitingSignOff, DemandAction.AttachPackage or DemandAction.SignOff or DemandAction.SendBack) => !preservation,
            (DemandStatus.Preserved, DemandAction.ExtendPreservation or DemandAction.Release) => preservation,
            _ => false,
        };
    }

    public static string Verb(DemandAction action) => action switch
    {
        DemandAction.StartReview => "start the review of",
        DemandAction.Approve => "approve",
        DemandAction.ApprovePartially => "partially approve",
        DemandAction.Reject => "reject",
        DemandAction.AttachPackage => "attach a package to",
        DemandAction.SignOff => "sign off",
        DemandAction.SendBack => "send back",
        DemandAction.Preserve => "preserve",
        DemandAction.ExtendPreservation => "extend the preservation of",
        DemandAction.Release => "release",
        _ => action.ToString(),
    };
}
