using System.Security.Claims;

namespace ComplianceReview.App.Identity;

/// <summary>A person offered by the development sign-in page.</summary>
public sealed record DemoUser(string Id, string Name, string Email, IReadOnlyList<string> Roles);

/// <summary>The demo users for local runs: two of each role that takes part in four-eyes checks, one of the others.</summary>
public static class DemoUsers
{
    public const string Reviewer1 = "dev-reviewer-1";
    public const string Reviewer2 = "dev-reviewer-2";
    public const string LegalLead1 = "dev-legallead-1";
    public const string LegalLead2 = "dev-legallead-2";
    public const string Auditor1 = "dev-auditor-1";
    public const string Admin1 = "dev-admin-1";

    /// <summary>Used by the development sign-in to tell its tickets apart from Entra ones.</summary>
    public const string AuthenticationType = "DevelopmentSignIn";

    /// <summary>Tenant id stamped on development users so they look like Entra principals.</summary>
    public const string DevelopmentTenantId = "development";

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new(Reviewer1, "Riley Reviewer", "riley.reviewer@dev.example", [Identity.Roles.Reviewer]),
        new(Reviewer2, "Sam Reviewer", "sam.reviewer@dev.example", [Identity.Roles.Reviewer]),
        new(LegalLead1, "Lee Legal", "lee.legal@dev.example", [Identity.Roles.LegalLead]),
        new(LegalLead2, "Lou Legal", "lou.legal@dev.example", [Identity.Roles.LegalLead]),
        new(Auditor1, "Ada Auditor", "ada.auditor@dev.example", [Identity.Roles.Auditor]),
        new(Admin1, "Alex Admin", "alex.admin@dev.example", [Identity.Roles.Admin]),
    ];

    /// <summary>
    /// True for a principal the development sign-in made: its identity type or its tenant says so. Checked on every request
    /// of an instance that does not offer the development sign-in, which then refuses the ticket.
    /// </summary>
    public static bool IsDevelopmentIssued(ClaimsPrincipal principal) =>
        principal.Identities.Any(i => string.Equals(i.AuthenticationType, AuthenticationType, StringComparison.Ordinal))
        || principal.HasClaim(ComplianceClaimTypes.TenantId, DevelopmentTenantId);

    /// <summary>A principal shaped like one built from an Entra id token (<c>oid</c>, <c>name</c>, <c>roles</c>, ...).</summary>
    public static ClaimsPrincipal CreatePrincipal(DemoUser user)
    {
        List<Claim> claims =
        [
            new(ComplianceClaimTypes.ObjectId, user.Id),
            new(ComplianceClaimTypes.TenantId, DevelopmentTenantId),
            new(ComplianceClaimTypes.Name, user.Name),
            new(ComplianceClaimTypes.PreferredUsername, user.Email),
        ];
        claims.AddRange(user.Roles.Select(role => new Claim(ComplianceClaimTypes.Roles, role)));
        var identity = new ClaimsIdentity(claims, AuthenticationType, ComplianceClaimTypes.Name, ComplianceClaimTypes.Roles);
        return new ClaimsPrincipal(identity);
    }
}

/// <summary>The demo users this instance offers; a service so tests (and revalidation) see one list.</summary>
public sealed class DemoUserDirectory(IReadOnlyList<DemoUser> users)
{
    public DemoUserDirectory() : this(DemoUsers.All)
    {
    }

    public IReadOnlyList<DemoUser> Users { get; } = users;

    public DemoUser? Find(string id) => Users.FirstOrDefault(u => string.Equals(u.Id, id, StringComparison.Ordinal));
}
