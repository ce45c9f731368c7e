using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

/// <summary>A problem with one field of a registration, named so a form can show it beside the field.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>Everything needed to register a demand as received. <see cref="Validate"/> lists every problem at once.</summary>
public sealed record DemandRegistration
{
    public const int MaxCaseNumberLength = 100;
    public const int MaxAuthorityLength = 200;
    public const int MaxJustificationLength = 4000;
    public const int MaxTargets = 500;

    public required string AgencyName { get; init; }
    public required string AgencyCountry { get; init; }
    public required ProcessType ProcessType { get; init; }
    public required string IssuingAuthority { get; init; }
    public required string CaseNumber { get; init; }
    public required DateOnly IssuedOn { get; init; }
    public DateOnly? ExpiresOn { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public required IReadOnlyList<DataCategory> Categories { get; init; }
    public DateTimeOffset? CoveredFrom { get; init; }
    public DateTimeOffset? CoveredTo { get; init; }
    public NonDisclosureKind NonDisclosure { get; init; }
    public DateOnly? NonDisclosureUntil { get; init; }
    public string? EmergencyJustification { get; init; }
    public OrderDocument? OrderDocument { get; init; }

    /// <summary>The directory agency the demand is from; null registers it as unknown to the directory (flagged, never guessed).</summary>
    public Guid? DirectoryAgencyId { get; init; }

    /// <summary>The e-mail address the demand was sent from, if known.</summary>
    public string? SenderAddress { get; init; }

    /// <summary>The SHA-256 of the e-mail message it arrived in, when it was taken in from one.</summary>
    public string? SourceMessageSha256 { get; init; }

    public IReadOnlyList<FieldProblem> Validate()
    {
        var problems = new List<FieldProblem>();
        void Add(string field, string message) => problems.Add(new(field, message));

        if (string.IsNullOrWhiteSpace(AgencyName)) Add(nameof(AgencyName), "The requesting agency is required.");
        else if (AgencyName.Trim().Length > RequestingAgency.MaxNameLength) Add(nameof(AgencyName), $"At most {RequestingAgency.MaxNameLength} characters.");
        if (!Countries.IsAssigned(AgencyCountry)) Add(nameof(AgencyCountry), "Enter an ISO 3166-1 alpha-2 country code, for example US, DE or IE.");
        if (!Enum.IsDefined(ProcessType)) Add(nameof(ProcessType), "Choose a process type.");
        if (string.IsNullOrWhiteSpace(IssuingAuthority)) Add(nameof(IssuingAuthority), "The issuing court or authority is required.");
        else if (IssuingAuthority.Trim().Length > MaxAuthorityLength) Add(nameof(IssuingAuthority), $"At most {MaxAuthorityLength} characters.");
        if (string.IsNullOrWhiteSpace(CaseNumber)) Add(nameof(CaseNumber), "The case number is required.");
        else if (CaseNumber.Trim().Length > MaxCaseNumberLength) Add(nameof(CaseNumber), $"At most {MaxCaseNumberLength} characters.");
        if (ExpiresOn is { } expires && expires < IssuedOn) Add(nameof(ExpiresOn), "The order cannot expire before it was issued.");
        if (DueAt < ReceivedAt) Add(nameof(DueAt), "The due date cannot be before the date of receipt.");
        if (DateOnly.FromDateTime(ReceivedAt.UtcDateTime) < IssuedOn) Add(nameof(ReceivedAt), "A demand cannot be received before its order was issued.");

        // Line numbers are positions in the list as entered, blank lines included, so they match what the user sees.
        var lines = (Targets ?? []).Select((text, index) => (text, index)).Where(l => !string.IsNullOrWhiteSpace(l.text)).ToList();
        if (lines.Count == 0) Add(nameof(Targets), "Name at least one account, one per line.");
        if (lines.Count > MaxTargets) Add(nameof(Targets), $"At most {MaxTargets} identifiers per demand.");
        foreach (var (text, index) in lines.Take(MaxTargets))
        {
            // Broad lines are recorded (and flagged); lines that are simply malformed are refused.
            if (!AccountIdentifier.TryParse(text, out _, out var error) && !error.IsBroad)
                Add($"{nameof(Targets)}[{index}]", $"Line {index + 1}: {error.Message}");
        }

        var categories = Categories ?? [];
        if (categories.Count == 0 && ProcessType != ProcessType.PreservationRequest)
            Add(nameof(Categories), "Choose at least one data category.");
        if (categories.Any(c => !Enum.IsDefined(c))) Add(nameof(Categories), "Unknown data category.");

        if (CoveredFrom.HasValue != CoveredTo.HasValue) Add(nameof(CoveredTo), "Give both ends of the covered date range, or neither.");
        else if (CoveredFrom > CoveredTo) Add(nameof(CoveredTo), "The end of the covered range cannot be before its start.");

        if (NonDisclosure == NonDisclosureKind.UntilDate && NonDisclosureUntil is null)
            Add(nameof(NonDisclosureUntil), "Give the date the non-disclosure order ends.");
        if (!Enum.IsDefined(NonDisclosure)) Add(nameof(NonDisclosure), "Unknown kind of non-disclosure order.");

        if (Rules.EmergencyJustification.IsMissing(ProcessType, EmergencyJustification))
            Add(nameof(EmergencyJustification), Rules.EmergencyJustification.Message);
        if (EmergencyJustification?.Length > MaxJustificationLength)
            Add(nameof(EmergencyJustification), $"At most {MaxJustificationLength} characters.");

        if (!string.IsNullOrWhiteSpace(SenderAddress) && !Agencies.SenderAddress.TryParse(SenderAddress, out _, out var senderProblem))
            Add(nameof(SenderAddress), senderProblem);
        if (SourceMessageSha256 is { } sha && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower)))
            Add(nameof(SourceMessageSha256), "The message's SHA-256 is 64 lower-case hex digits.");

        return problems;
    }
}
