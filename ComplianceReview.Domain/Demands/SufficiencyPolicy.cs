namespace ComplianceReview.Domain.Demands;

/// <summary>
/// Which kinds of data a type of legal process can reach: a subpoena reaches non-content only; content needs a
/// court order or a search warrant. Emergency requests reach what they ask for, but only with a legal lead's
/// sign-off and a follow-up legal process; preservation requests disclose nothing, the data is held.
/// </summary>
public static class SufficiencyPolicy
{
    public static IReadOnlySet<DataKind> AllowedKinds(ProcessType type) => type switch
    {
        ProcessType.Subpoena => new HashSet<DataKind> { DataKind.NonContent },
        ProcessType.CourtOrder or ProcessType.SearchWarrant or ProcessType.EmergencyRequest =>
            new HashSet<DataKind> { DataKind.NonContent, DataKind.Content },
        ProcessType.PreservationRequest => new HashSet<DataKind>(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown process type."),
    };

    public static bool Allows(ProcessType type, DataCategory category) => AllowedKinds(type).Contains(category.Kind());

    public static IReadOnlyList<DataCategory> AllowedCategories(ProcessType type) =>
        Enum.GetValues<DataCategory>().Where(c => Allows(type, c)).ToList();

    /// <summary>Why a category is not allowed, in words a reviewer understands; null when it is.</summary>
    public static string? Refusal(ProcessType type, DataCategory category) => Allows(type, category) ? null : type switch
    {
        ProcessType.PreservationRequest => $"A preservation request discloses nothing; {category.Display()} can only be preserved.",
        _ => $"{category.Display()} is content: a {type.Display().ToLowerInvariant()} reaches non-content data only. Content needs a court order or a search warrant.",
    };
}
