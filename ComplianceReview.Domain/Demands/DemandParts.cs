using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

public enum DemandStatus
{
    Received,
    InReview,
    AwaitingSignOff,
    Disclosed,
    Rejected,
    Preserved,
    Released,
}

/// <summary>Exactly one per closed demand, as reported in the transparency report.</summary>
public enum Outcome
{
    ContentDisclosed,
    NonContentOnly,
    NoDataFound,
    Rejected,
}

public enum NonDisclosureKind
{
    None,
    UntilDate,
    WithoutEndDate,
}

/// <summary>A gag order that forbids telling the customer: none, until a date, or without an end date.</summary>
public sealed record NonDisclosureOrder
{
    // New instances each time: EF Core stores an owned value per demand and cannot share one instance between two.
    public static NonDisclosureOrder None => new(NonDisclosureKind.None, null);
    public static NonDisclosureOrder WithoutEndDate => new(NonDisclosureKind.WithoutEndDate, null);

    private NonDisclosureOrder(NonDisclosureKind kind, DateOnly? until)
    {
        Kind = kind;
        Until = until;
    }

    public NonDisclosureKind Kind { get; }
    public DateOnly? Until { get; }

    public static NonDisclosureOrder UntilDate(DateOnly until) => new(NonDisclosureKind.UntilDate, until);

    public static NonDisclosureOrder From(NonDisclosureKind kind, DateOnly? until) => kind switch
    {
        NonDisclosureKind.None => None,
        NonDisclosureKind.WithoutEndDate => WithoutEndDate,
        NonDisclosureKind.UntilDate when until is { } date => UntilDate(date),
        NonDisclosureKind.UntilDate => throw new DomainException("A non-disclosure order 'until a date' needs its end date."),
        _ => throw new DomainException("Unknown kind of non-disclosure order."),
    };

    public bool IsInForce(DateOnly today) => Kind switch
    {
        NonDisclosureKind.None => false,
        NonDisclosureKind.WithoutEndDate => true,
        _ => today <= Until!.Value,
    };
}

/// <summary>
/// The scanned order as received: metadata only; the bytes live in the document store under the hash, unchanged, even when
/// the intake check found active content in them (<see cref="ActiveContent"/>: kept as evidence, flagged, downloads warn).
/// </summary>
public sealed record OrderDocument
{
    public const int MaxFileNameLength = 255;
    public const long MaxSizeBytes = 20L * 1024 * 1024;

    /// <summary>Room for every <see cref="DocumentActiveContent"/> flag by name, as the database stores them.</summary>
    public const int MaxActiveContentLength = 200;

    private const DocumentActiveContent AllActiveContent = (DocumentActiveContent)((int)DocumentActiveContent.Encryption * 2 - 1);

    public OrderDocument(string fileName, long sizeBytes, string sha256, DocumentActiveContent activeContent = DocumentActiveContent.None)
    {
        if (string.IsNullOrWhiteSpace(fileName)) throw new DomainException("The order document needs a file name.");
        if (sizeBytes <= 0 || sizeBytes > MaxSizeBytes) throw new DomainException("The order document must be between 1 byte and 20 MB.");
        if (sha256 is null || sha256.Length != 64 || !sha256.All(Uri.IsHexDigit)) throw new DomainException("The order document's SHA-256 must be 64 hex digits.");
        if ((activeContent & ~AllActiveContent) != 0) throw new DomainException("Unknown kind of active content.");
        FileName = fileName.Length > MaxFileNameLength ? fileName[..MaxFileNameLength] : fileName;
        SizeBytes = sizeBytes;
        Sha256 = sha256.ToLowerInvariant();
        ActiveContent = activeContent;
    }

    public string FileName { get; }
    public long SizeBytes { get; }
    public string Sha256 { get; }

    /// <summary>What the file can do when opened (scripts, actions, embedded files, ...); <c>None</c> for a plain document.</summary>
    public DocumentActiveContent ActiveContent { get; }

    public bool HasActiveContent => ActiveContent != DocumentActiveContent.None;
}

/// <summary>
/// One line of the demand's target list as received. A broad line (wildcard, domain, "all users") is kept as a
/// record of what was asked and flagged by the pre-checks; it never enters an approved scope.
/// </summary>
public sealed class RequestedTarget
{
    private RequestedTarget()
    {
        Raw = "";
    }

    private RequestedTarget(string raw, AccountIdentifier? identifier, IdentifierError? error)
    {
        Raw = raw;
        Kind = identifier?.Kind;
        Value = identifier?.Value;
        Problem = error?.Message;
    }

    public string Raw { get; private set; }
    public IdentifierKind? Kind { get; private set; }
    public string? Value { get; private set; }
    public string? Problem { get; private set; }

    public const int MaxAccountKeyLength = 128;

    /// <summary>
    /// The customer data's key of the one account this target named when the demand was registered; null if it named
    /// none or several. The overlap pre-check finds other demands about the same account by it, whatever identifier they used.
    /// </summary>
    public string? ResolvedAccountId { get; private set; }

    internal void RecordResolution(string? accountKey) =>
        ResolvedAccountId = accountKey is { Length: > MaxAccountKeyLength } ? null : accountKey;

    public AccountIdentifier? Identifier => Kind is { } kind && Value is { } value ? AccountIdentifier.Parse(kind, value) : null;

    public static RequestedTarget From(string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length > AccountIdentifier.MaxInputLength) trimmed = trimmed[..AccountIdentifier.MaxInputLength];
        return AccountIdentifier.TryParse(trimmed, out var identifier, out var error)
            ? new RequestedTarget(trimmed, identifier, null)
            : new RequestedTarget(trimmed, null, error);
    }
}

public enum DecisionKind
{
    Approve,
    ApprovePartially,
    Reject,
    Preserve,
    ExtendPreservation,
    Release,
}

public enum RejectionReason
{
    InsufficientLegalProcess,
    NotSpecific,
    OverBroad,
    WrongJurisdiction,
    Expired,
    Duplicate,
    Other,
}

/// <summary>A reviewer's recorded decision, with its reason and (for approvals) the approved scope.</summary>
public sealed class ReviewDecision
{
    public const int MinReasonLength = 20;
    public const int MaxReasonLength = 4000;

    private readonly List<DataCategory> _categories = [];
    private readonly List<AccountIdentifier> _identifiers = [];
    private DisclosureScope? _scope;

    private ReviewDecision()
    {
        ReasonText = "";
        DecidedById = "";
        DecidedByName = "";
    }

    internal ReviewDecision(DecisionKind kind, RejectionReason? reasonCode, string reasonText, UserRef by, DateTimeOffset at, DisclosureScope? scope)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        ReasonCode = reasonCode;
        ReasonText = reasonText;
        DecidedById = by.Id;
        DecidedByName = by.Name;
        DecidedAt = at;
        if (scope is not null)
        {
            _scope = scope;
            _identifiers.AddRange(scope.Identifiers);
            _categories.AddRange(scope.Categories);
            RangeFrom = scope.DateRange?.From;
            RangeTo = scope.DateRange?.To;
        }
    }

    public Guid Id { get; private set; }
    public DecisionKind Kind { get; private set; }
    public RejectionReason? ReasonCode { get; private set; }
    public string ReasonText { get; private set; }
    public string DecidedById { get; private set; }
    public string DecidedByName { get; private set; }
    public DateTimeOffset DecidedAt { get; private set; }

    /// <summary>Approved identifiers; empty for decisions that approve nothing.</summary>
    public IReadOnlyList<AccountIdentifier> ApprovedIdentifiers => _identifiers;
    public IReadOnlyList<DataCategory> ApprovedCategories => _categories;
    public DateTimeOffset? RangeFrom { get; private set; }
    public DateTimeOffset? RangeTo { get; private set; }

    public UserRef DecidedBy => new(DecidedById, DecidedByName);

    public bool IsApproval => Kind is DecisionKind.Approve or DecisionKind.ApprovePartially;

    /// <summary>
    /// The scope this approval approved: the value <see cref="DisclosureScope.Approve"/> validated when the decision was
    /// made (or, loaded from storage, the same fields as recorded then); null for decisions that approve nothing.
    /// </summary>
    public DisclosureScope? ApprovedScope => !IsApproval ? null
        : _scope ??= DisclosureScope.Recorded(_identifiers, _categories, RangeFrom is { } from && RangeTo is { } to ? new DateRange(from, to) : null);

    internal static string CheckReason(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length < MinReasonLength)
            throw new DomainException($"Every decision needs a reason of at least {MinReasonLength} characters.");
        if (trimmed.Length > MaxReasonLength)
            throw new DomainException($"A reason has at most {MaxReasonLength} characters.");
        return trimmed;
    }

}

public enum SignOffKind
{
    Approved,
    SentBack,
}

/// <summary>A legal lead's sign-off of an approval and of the exact package hash, or a send-back with a note.</summary>
public sealed class SignOff
{
    public const int MaxNoteLength = 4000;

    private SignOff()
    {
        SignedById = "";
        SignedByName = "";
    }

    internal SignOff(SignOffKind kind, UserRef by, DateTimeOffset at, string? note, string? packageSha256)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        SignedById = by.Id;
        SignedByName = by.Name;
        SignedAt = at;
        Note = note;
        PackageSha256 = packageSha256;
    }

    public Guid Id { get; private set; }
    public SignOffKind Kind { get; private set; }
    public string SignedById { get; private set; }
    public string SignedByName { get; private set; }
    public DateTimeOffset SignedAt { get; private set; }
    public string? Note { get; private set; }
    public string? PackageSha256 { get; private set; }

    public UserRef SignedBy => new(SignedById, SignedByName);
}

/// <summary>
/// The PDF produced for an approved scope: its hash, size in pages, Bates range and what it holds. Its certificate of
/// authenticity names the legal lead it was rendered for (<see cref="CertifiedById"/>); only that person can sign it.
/// </summary>
public sealed record DisclosurePackageInfo
{
    public DisclosurePackageInfo(string sha256, int pageCount, string batesFirst, string batesLast, string snapshotSha256,
        int recordCount, int contentRecordCount, DateTimeOffset generatedAt, string certifiedById, string certifiedByName)
    {
        if (sha256.Length != 64) throw new DomainException("A package hash is a SHA-256 in hex.");
        if (snapshotSha256.Length != 64) throw new DomainException("A snapshot hash is a SHA-256 in hex.");
        if (pageCount < 1) throw new DomainException("A package has at least one page.");
        Sha256 = sha256.ToLowerInvariant();
        PageCount = pageCount;
        BatesFirst = batesFirst;
        BatesLast = batesLast;
        SnapshotSha256 = snapshotSha256.ToLowerInvariant();
        RecordCount = recordCount;
        ContentRecordCount = contentRecordCount;
        GeneratedAt = generatedAt;
        CertifiedById = certifiedById;
        CertifiedByName = certifiedByName;
    }

    public string Sha256 { get; }
    public int PageCount { get; }
    public string BatesFirst { get; }
    public string BatesLast { get; }
    public string SnapshotSha256 { get; }
    public int RecordCount { get; }
    public int ContentRecordCount { get; }
    public DateTimeOffset GeneratedAt { get; }
    public string CertifiedById { get; }
    public string CertifiedByName { get; }
}
