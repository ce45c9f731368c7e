using System.Globalization;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Documents;

/// <summary>The header of a disclosure package: everything printed besides the snapshot's own values.</summary>
/// <param name="Reference">The demand reference; it must be the snapshot's.</param>
/// <param name="AgencyName">The requesting agency.</param>
/// <param name="AgencyCountry">The agency's country (ISO 3166-1 alpha-2).</param>
/// <param name="ProcessType">The legal process the demand came with.</param>
/// <param name="CaseNumber">The agency's case or docket number.</param>
/// <param name="IssuingAuthority">The court or authority that issued the process.</param>
/// <param name="ApprovedScope">The approved scope, in words.</param>
/// <param name="BatesPrefix">Bates prefix, from <see cref="DisclosureOptions.BatesPrefix"/>.</param>
/// <param name="CertifyingLegalLead">The legal lead who signs the certificate of authenticity.</param>
/// <param name="ApprovedAt">The approval time: printed on the package and used as the PDF's creation date.</param>
public sealed record DisclosurePackageRequest(
    string Reference,
    string AgencyName,
    string AgencyCountry,
    ProcessType ProcessType,
    string CaseNumber,
    string IssuingAuthority,
    ApprovedScopeWording ApprovedScope,
    string BatesPrefix,
    string CertifyingLegalLead,
    DateTimeOffset ApprovedAt)
{
    /// <summary>
    /// The Bates number of the first page: Bates numbers continue across productions under a prefix (see
    /// <see cref="Data.BatesRanges"/>), so a package starts where the previous one ended.
    /// </summary>
    public int BatesStart { get; init; } = 1;

    /// <summary>The header for the demand's pending approval, certified by <paramref name="legalLeadName"/>.</summary>
    public static DisclosurePackageRequest For(LegalDemand demand, string legalLeadName, string batesPrefix) =>
        new(demand.Reference.Value, demand.Agency.Name, demand.Agency.CountryCode, demand.ProcessType, demand.CaseNumber,
            demand.IssuingAuthority, ApprovedScopeWording.Describe(demand.ApprovedScope ?? throw new InvalidOperationException("No approval in force.")),
            batesPrefix, legalLeadName, demand.Decisions[^1].DecidedAt);
}

/// <summary>The approved scope as the cover page states it.</summary>
public sealed record ApprovedScopeWording(string Identifiers, string Categories, string DateRange)
{
    public static ApprovedScopeWording Describe(DisclosureScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new(
            string.Join(", ", scope.Identifiers.Select(i => i.Value)),
            string.Join(", ", scope.Categories.Select(c => c.Display())),
            Describe(scope.DateRange));
    }

    public static string Describe(DateRange? range) => range is null
        ? "No date range (no time-series categories)"
        : $"{PackageText.Instant(range.From)} to {PackageText.Instant(range.To)}, both included";
}

/// <summary>How the package prints instants and identifiers: invariant, UTC, to the second.</summary>
internal static class PackageText
{
    public static string Instant(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Kind(IdentifierKind kind) => Domain.Common.Words.Of(kind);
}

/// <summary>The rendered package: the PDF, its SHA-256 (what the legal lead signs), page count and Bates range.</summary>
public sealed record RenderedPackage(byte[] Pdf, string Sha256, int PageCount, string BatesFirst, string BatesLast);
