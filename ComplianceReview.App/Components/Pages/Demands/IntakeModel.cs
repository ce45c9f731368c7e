using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Components.Pages.Demands;

/// <summary>
/// What the intake form edits. Dates are nullable so an empty form is representable; <see cref="Check"/> reports the
/// missing ones and the domain's <see cref="DemandRegistration.Validate"/> reports the rest, each under its field name.
/// All instants are entered and shown in UTC.
/// </summary>
public sealed class IntakeModel
{
    public string AgencyName { get; set; } = "";
    public string AgencyCountry { get; set; } = "";
    public ProcessType? ProcessType { get; set; }
    public string IssuingAuthority { get; set; } = "";
    public string CaseNumber { get; set; } = "";
    public DateTime? IssuedOn { get; set; }
    public DateTime? ExpiresOn { get; set; }
    public DateTime? ReceivedOn { get; set; }
    public TimeSpan? ReceivedTime { get; set; }
    public DateTime? DueOn { get; set; }
    public TimeSpan? DueTime { get; set; }
    public string TargetsText { get; set; } = "";
    public HashSet<DataCategory> Categories { get; } = [];
    public DateTime? CoveredFrom { get; set; }
    public DateTime? CoveredTo { get; set; }
    public NonDisclosureKind NonDisclosure { get; set; }
    public DateTime? NonDisclosureUntil { get; set; }
    public string EmergencyJustification { get; set; } = "";

    /// <summary>The value the agency picker stands for "not in the directory".</summary>
    public const string UnknownAgency = "unknown";

    /// <summary>A directory agency's id, <see cref="UnknownAgency"/>, or empty (not chosen yet: a problem).</summary>
    public string AgencyChoice { get; set; } = "";
    public string SenderAddress { get; set; } = "";
    public string? SourceMessageSha256 { get; set; }

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();

    /// <summary>Every problem, keyed by field: the form's own checks for what is missing, then the domain's rules.</summary>
    public IReadOnlyList<FieldProblem> Check()
    {
        var problems = new List<FieldProblem>();
        if (ProcessType is null) problems.Add(new(nameof(DemandRegistration.ProcessType), "Choose a process type."));
        if (IssuedOn is null) problems.Add(new(nameof(DemandRegistration.IssuedOn), "The date the order was issued is required."));
        if (ReceivedOn is null) problems.Add(new(nameof(DemandRegistration.ReceivedAt), "The date the demand was received is required."));
        if (DueOn is null) problems.Add(new(nameof(DemandRegistration.DueAt), "The due date is required."));
        if (AgencyChoice != UnknownAgency && !Guid.TryParse(AgencyChoice, out _))
            problems.Add(new(nameof(DemandRegistration.DirectoryAgencyId), "Choose the agency from the directory, or mark it unknown."));

        var registration = ToRegistration(DateTimeOffset.UnixEpoch);
        // Rules about a date the person has not entered yet would only repeat "required" in other words.
        var missing = problems.Select(p => p.Field).ToHashSet();
        problems.AddRange(registration.Validate().Where(p => !missing.Contains(p.Field) && !(missing.Count > 0 && IsDateRule(p.Field))));
        return problems;
    }

    private static bool IsDateRule(string field) =>
        field is nameof(DemandRegistration.DueAt) or nameof(DemandRegistration.ReceivedAt) or nameof(DemandRegistration.ExpiresOn);

    /// <summary>The registration to submit; <paramref name="fallback"/> stands in for dates not entered (only when <see cref="Check"/> failed).</summary>
    public DemandRegistration ToRegistration(DateTimeOffset fallback) => new()
    {
        AgencyName = AgencyName,
        AgencyCountry = AgencyCountry,
        ProcessType = ProcessType ?? (ProcessType)(-1),
        IssuingAuthority = IssuingAuthority,
        CaseNumber = CaseNumber,
        IssuedOn = IssuedOn is { } issued ? DateOnly.FromDateTime(issued) : DateOnly.FromDateTime(fallback.UtcDateTime),
        ExpiresOn = ExpiresOn is { } expires ? DateOnly.FromDateTime(expires) : null,
        ReceivedAt = Utc(ReceivedOn, ReceivedTime) ?? fallback,
        DueAt = Utc(DueOn, DueTime) ?? fallback,
        Targets = Lines(TargetsText),
        Categories = [.. Categories.Order()],
        CoveredFrom = Utc(CoveredFrom, TimeSpan.Zero),
        CoveredTo = Utc(CoveredTo, new TimeSpan(23, 59, 59)),
        NonDisclosure = NonDisclosure,
        NonDisclosureUntil = NonDisclosure == NonDisclosureKind.UntilDate && NonDisclosureUntil is { } until ? DateOnly.FromDateTime(until) : null,
        EmergencyJustification = ProcessType == Domain.Demands.ProcessType.EmergencyRequest ? EmergencyJustification : null,
        DirectoryAgencyId = Guid.TryParse(AgencyChoice, out var agencyId) ? agencyId : null,
        SenderAddress = string.IsNullOrWhiteSpace(SenderAddress) ? null : SenderAddress,
        SourceMessageSha256 = SourceMessageSha256,
    };

    private static DateTimeOffset? Utc(DateTime? date, TimeSpan? time) =>
        date is { } d ? new DateTimeOffset(d.Date + (time ?? TimeSpan.Zero), TimeSpan.Zero) : null;
}
