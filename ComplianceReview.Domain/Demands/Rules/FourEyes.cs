using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands.Rules;

/// <summary>
/// Four-eyes (DESIGN.md, Workflow): the legal lead who signs off, sends back or opens the package for signature differs
/// from every reviewer who decided on the demand, compared by stable user id. Evaluated here only; the aggregate throws
/// <see cref="FourEyesViolation"/>, the services audit the refusal, pages show <see cref="Refusal"/>.
/// </summary>
public static class FourEyes
{
    public const string Message = "You decided on this demand; a different legal lead must sign it off or send it back (four-eyes rule).";

    /// <summary>Why <paramref name="legalLead"/> may not act on the package, or null if four-eyes allows it.</summary>
    public static string? Refusal(IEnumerable<UserRef> deciders, UserRef legalLead)
    {
        ArgumentNullException.ThrowIfNull(deciders);
        ArgumentNullException.ThrowIfNull(legalLead);
        return deciders.Any(d => d.IsSamePerson(legalLead)) ? Message : null;
    }
}

/// <summary>A legal lead acted on a demand they decided on themselves; see <see cref="FourEyes"/>.</summary>
public sealed class FourEyesViolation() : DomainException(FourEyes.Message);
