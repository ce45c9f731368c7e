namespace ComplianceReview.App.Identity;

/// <summary>Entra app roles (the <c>roles</c> claim) and the same names for development users.</summary>
public static class Roles
{
    public const string Reviewer = "Compliance.Reviewer";
    public const string LegalLead = "Compliance.LegalLead";
    public const string Auditor = "Compliance.Auditor";
    public const string Admin = "Compliance.Admin";

    public static readonly IReadOnlyList<string> All = [Reviewer, LegalLead, Auditor, Admin];

    public static string Display(string role) => role switch
    {
        Reviewer => "Compliance reviewer",
        LegalLead => "Legal lead",
        Auditor => "Auditor",
        Admin => "Administrator",
        _ => role,
    };
}

/// <summary>Authorization policy names; pages use them in <c>[Authorize(Policy = ...)]</c>, services check the same roles.</summary>
public static class Policies
{
    public const string Review = "Review";
    public const string SignOff = "SignOff";
    public const string Audit = "Audit";
    public const string Administer = "Administer";

    /// <summary>Anyone who may see demands and packages: reviewers, legal leads, auditors.</summary>
    public const string ViewDemands = "ViewDemands";
}
