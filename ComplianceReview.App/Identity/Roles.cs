namespace ComplianceReview.App.Identity;

/// <summary>Entra app roles (the <c>roles</c> claim) and the same names for development users.</summary>
public static class Roles
{
    public const string Reviewer = "Compliance.Reviewer";
    public const string LegalLead = "Compliance.LegalLead";
    public const string Auditor = "Compliance.Auditor";
    public const string Admin = "Compliance.Admin";

    /// <summary>
    /// The app role of a request portal (an application, not a person): it may register demands through the intake API
    /// and nothing else. In Entra its allowed member type is Applications only.
    /// </summary>
    public const string Intake = "Compliance.Intake";

    /// <summary>The roles people hold.</summary>
    public static readonly IReadOnlyList<string> All = [Reviewer, LegalLead, Auditor, Admin];

    /// <summary>The roles applications hold; an application's token keeps only these, and a person holding one counts for nothing.</summary>
    public static readonly IReadOnlyList<string> ApplicationRoles = [Intake];

    public static bool IsApplicationRole(string role) => ApplicationRoles.Contains(role, StringComparer.Ordinal);

    public static string Display(string role) => role switch
    {
        Reviewer => "Compliance reviewer",
        LegalLead => "Legal lead",
        Auditor => "Auditor",
        Admin => "Administrator",
        Intake => "Intake application",
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

    /// <summary>The intake API: a reviewer signed in (cookie) or a request portal with the intake app role (bearer token).</summary>
    public const string RegisterDemands = "RegisterDemands";
}
