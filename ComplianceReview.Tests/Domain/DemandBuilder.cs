using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Agencies = ComplianceReview.Domain.Agencies;

namespace ComplianceReview.Tests.Domain;

/// <summary>
/// Builds a valid <see cref="LegalDemand"/> and, on request, walks it through the workflow to a given state.
/// Defaults are a demand that raises no pre-check finding at <see cref="Now"/>: one e-mail address, subscriber
/// identity, issued a week ago, due in two weeks.
/// <code>
/// var demand = DemandBuilder.CourtOrder()
///     .WithTargets("alice@contoso.com", "+14155550100")
///     .WithCategories(DataCategory.SubscriberIdentity, DataCategory.EmailContent)
///     .CoveringYear(2025)
///     .AwaitingSignOff()
///     .Build();
/// </code>
/// </summary>
public sealed class DemandBuilder
{
    /// <summary>The fixed "now" of every demand the builder makes; give the same instant to a <c>FakeTimeProvider</c>.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static readonly UserRef Registrar = new("0c1f2d3e-0000-4000-8000-000000000001", "Rita Registrar");
    public static readonly UserRef Reviewer = new("0c1f2d3e-0000-4000-8000-000000000002", "Rene Reviewer");
    public static readonly UserRef SecondReviewer = new("0c1f2d3e-0000-4000-8000-000000000003", "Sam Second");
    public static readonly UserRef LegalLead = new("0c1f2d3e-0000-4000-8000-000000000004", "Lee Lead");
    public static readonly UserRef OtherLegalLead = new("0c1f2d3e-0000-4000-8000-000000000005", "Olu Other");

    /// <summary>A decision reason that passes the minimum length.</summary>
    public const string Reason = "The order is valid and names each account specifically.";

    /// <summary>The hash of the package that <see cref="AwaitingSignOff"/> attaches.</summary>
    public const string PackageSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// <summary>A customer directory in which every identifier names exactly one account (of its own).</summary>
    public static readonly Func<AccountIdentifier, IdentifierResolution> EveryIdentifierUnique =
        identifier => IdentifierResolution.Unique($"{identifier.Kind}:{identifier.Value}");

    /// <summary>A sender assessment with nothing found: what a demand with no recorded sender and a verified agency yields.</summary>
    public static SenderAssessment NoSenderFindings(LegalDemand demand) => new(demand.Id, []);

    public const string SnapshotSha256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    private readonly ProcessType _processType;
    private string _agencyName = "Metropolitan Police Service";
    private string _agencyCountry = "GB";
    private string _issuingAuthority = "Westminster Magistrates' Court";
    private string _caseNumber = "MPS/2026/0042";
    private DemandReference _reference = DemandReference.Create(2026, 123);
    private DateOnly _issuedOn = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-7);
    private DateOnly? _expiresOn;
    private DateTimeOffset _receivedAt = Now.AddDays(-1);
    private DateTimeOffset _dueAt = Now.AddDays(14);
    private IReadOnlyList<string> _targets = ["alice@contoso.com"];
    private IReadOnlyList<DataCategory> _categories = [DataCategory.SubscriberIdentity];
    private DateTimeOffset? _coveredFrom;
    private DateTimeOffset? _coveredTo;
    private NonDisclosureKind _nonDisclosure = NonDisclosureKind.None;
    private DateOnly? _nonDisclosureUntil;
    private string? _emergencyJustification;
    private OrderDocument? _orderDocument;
    private UserRef _reviewer = Reviewer;
    private Stage _stage = Stage.Received;
    private int _packageRecords = 4;
    private int _packageContentRecords;
    private UserRef _packageCertifiedFor = LegalLead;

    private DemandBuilder(ProcessType processType)
    {
        _processType = processType;
        if (processType == ProcessType.EmergencyRequest)
            _emergencyJustification = "A child has been abducted; the account holder is the suspect.";
        if (processType == ProcessType.PreservationRequest) _categories = [];
    }

    private enum Stage
    {
        Received,
        InReview,
        Approved,
        AwaitingSignOff,
        Disclosed,
        Rejected,
        Preserved,
        Released,
    }

    public static DemandBuilder Subpoena() => new(ProcessType.Subpoena);
    public static DemandBuilder CourtOrder() => new(ProcessType.CourtOrder);
    public static DemandBuilder SearchWarrant() => new(ProcessType.SearchWarrant);
    public static DemandBuilder EmergencyRequest() => new(ProcessType.EmergencyRequest);
    public static DemandBuilder PreservationRequest() => new(ProcessType.PreservationRequest);
    public static DemandBuilder Of(ProcessType processType) => new(processType);

    /// <summary>A package of the given size, certified in the name of <paramref name="certifiedFor"/>.</summary>
    public static DisclosurePackageInfo Package(UserRef certifiedFor, int recordCount = 4, int contentRecordCount = 0,
        string sha256 = PackageSha256) =>
        new(sha256, pageCount: 3, batesFirst: "LD-2026-000123-000001", batesLast: "LD-2026-000123-000003", SnapshotSha256,
            recordCount, contentRecordCount, Now, certifiedFor.Id, certifiedFor.Name);

    public DemandBuilder WithReference(DemandReference reference) => Set(() => _reference = reference);
    public DemandBuilder WithAgency(string name, string country) => Set(() => (_agencyName, _agencyCountry) = (name, country));
    public DemandBuilder WithIssuingAuthority(string authority) => Set(() => _issuingAuthority = authority);
    public DemandBuilder WithCaseNumber(string caseNumber) => Set(() => _caseNumber = caseNumber);
    public DemandBuilder WithTargets(params string[] targets) => Set(() => _targets = targets);
    public DemandBuilder WithCategories(params DataCategory[] categories) => Set(() => _categories = categories);
    public DemandBuilder IssuedOn(DateOnly date) => Set(() => _issuedOn = date);
    public DemandBuilder ExpiresOn(DateOnly? date) => Set(() => _expiresOn = date);
    public DemandBuilder ReceivedAt(DateTimeOffset at) => Set(() => _receivedAt = at);
    public DemandBuilder DueAt(DateTimeOffset at) => Set(() => _dueAt = at);
    public DemandBuilder WithEmergencyJustification(string? text) => Set(() => _emergencyJustification = text);
    public DemandBuilder WithOrderDocument(OrderDocument? document) => Set(() => _orderDocument = document);

    public DemandBuilder Covering(DateTimeOffset from, DateTimeOffset to) => Set(() => (_coveredFrom, _coveredTo) = (from, to));
    public DemandBuilder CoveringYear(int year) =>
        Covering(new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(year, 12, 31, 23, 59, 59, TimeSpan.Zero));
    public DemandBuilder WithoutCoveredRange() => Set(() => (_coveredFrom, _coveredTo) = (null, null));

    public DemandBuilder WithNonDisclosure(NonDisclosureKind kind, DateOnly? until = null) =>
        Set(() => (_nonDisclosure, _nonDisclosureUntil) = (kind, until));

    /// <summary>Sets what the package attached by <see cref="AwaitingSignOff"/> holds; the outcome at sign-off follows from it.</summary>
    public DemandBuilder WithPackageCounts(int recordCount, int contentRecordCount) =>
        Set(() => (_packageRecords, _packageContentRecords) = (recordCount, contentRecordCount));

    public DemandBuilder WithPackageCertifiedFor(UserRef legalLead) => Set(() => _packageCertifiedFor = legalLead);

    /// <summary>Who reviews (starts, decides and so is assigned); <see cref="Reviewer"/> unless set.</summary>
    public DemandBuilder ReviewedBy(UserRef reviewer) => Set(() => _reviewer = reviewer);

    public DemandBuilder InReview() => Set(() => _stage = Stage.InReview);

    /// <summary>Approved in full by <see cref="Reviewer"/>, no package generated yet.</summary>
    public DemandBuilder Approved() => Set(() => _stage = Stage.Approved);

    /// <summary>Approved in full by <see cref="Reviewer"/>, with a package certified for <see cref="LegalLead"/>.</summary>
    public DemandBuilder AwaitingSignOff() => Set(() => _stage = Stage.AwaitingSignOff);

    /// <summary>Signed off by <see cref="LegalLead"/>.</summary>
    public DemandBuilder Disclosed() => Set(() => _stage = Stage.Disclosed);

    public DemandBuilder Rejected() => Set(() => _stage = Stage.Rejected);
    public DemandBuilder Preserved() => Set(() => _stage = Stage.Preserved);
    public DemandBuilder Released() => Set(() => _stage = Stage.Released);

    public DemandRegistration BuildRegistration() => new()
    {
        AgencyName = _agencyName,
        AgencyCountry = _agencyCountry,
        ProcessType = _processType,
        IssuingAuthority = _issuingAuthority,
        CaseNumber = _caseNumber,
        IssuedOn = _issuedOn,
        ExpiresOn = _expiresOn,
        ReceivedAt = _receivedAt,
        DueAt = _dueAt,
        Targets = _targets,
        Categories = _categories,
        CoveredFrom = _coveredFrom,
        CoveredTo = _coveredTo,
        NonDisclosure = _nonDisclosure,
        NonDisclosureUntil = _nonDisclosureUntil,
        EmergencyJustification = _emergencyJustification,
        OrderDocument = _orderDocument,
    };

    public LegalDemand Build()
    {
        var demand = LegalDemand.Register(_reference, BuildRegistration(), Registrar);
        if (_stage == Stage.Received) return demand;

        demand.StartReview(_reviewer);
        switch (_stage)
        {
            case Stage.Rejected:
                demand.Reject(_reviewer, RejectionReason.OverBroad, Reason, Now);
                break;
            case Stage.Approved or Stage.AwaitingSignOff or Stage.Disclosed:
                if (demand.IsEmergency) ConfirmByPhone(demand);
                demand.Approve(_reviewer, Reason, EveryIdentifierUnique, Now, DemandBuilder.NoSenderFindings(demand));
                if (_stage == Stage.Approved) break;
                demand.AttachPackage(Package(_packageCertifiedFor, _packageRecords, _packageContentRecords));
                if (_stage == Stage.Disclosed) demand.SignOff(LegalLead, PackageSha256, Now);
                break;
            case Stage.Preserved or Stage.Released:
                demand.Preserve(_reviewer, Reason, Now);
                if (_stage == Stage.Released) demand.Release(_reviewer, Reason, Now);
                break;
        }
        return demand;
    }

    /// <summary>A verified directory agency with one contact, as emergency approvals need for their call-back.</summary>
    public static Agencies.DirectoryAgency VerifiedAgency(string domain = "met.police.uk")
    {
        var agency = Agencies.DirectoryAgency.Create("Metropolitan Police Service", "GB", [domain], Now.AddDays(-100));
        agency.AddContact("Inspector Claire Hughes", "Communications Data Unit", "+44 20 7230 1212", $"liaison@{domain}", "New Scotland Yard switchboard");
        agency.Verify(Registrar, Now.AddDays(-90));
        return agency;
    }

    /// <summary>Links the demand to a verified agency and records a confirmed call-back to its contact.</summary>
    /// <summary>The directory agency <see cref="ConfirmByPhone"/> calls (one instance, so tests that store demands can store it once).</summary>
    public static readonly Agencies.DirectoryAgency ConfirmingAgency = VerifiedAgency();

    public static void ConfirmByPhone(LegalDemand demand)
    {
        var agency = ConfirmingAgency;
        demand.LinkAgency(agency, Reviewer);
        demand.RecordCallBack(Reviewer, agency, agency.Contacts[0].Id, CallBackOutcome.Confirmed, Now.AddMinutes(-10), "Confirmed by the duty inspector.", Now);
    }

    private DemandBuilder Set(Action change)
    {
        change();
        return this;
    }
}
