using ComplianceReview.Domain.Agencies;

namespace ComplianceReview.Domain.Demands;

/// <summary>What the sender checks need to know besides the demand: the directory now, and whether this sender wrote before.</summary>
/// <param name="Agency">The demand's directory agency; null when the demand is registered as unknown.</param>
/// <param name="Directory">Every agency of the directory (the demand's own included).</param>
/// <param name="EarlierDemandsFromSender">Demands of the same agency from the same sender address received before this one.</param>
public sealed record SenderContext(DirectoryAgency? Agency, IReadOnlyList<DirectoryAgency> Directory, int EarlierDemandsFromSender);

/// <summary>
/// The sender pre-checks: the demand's sender against its directory agency. A real government address is easy to
/// come by; these catch the address that is not the agency's (free mail, a look-alike, another agency's, an unknown
/// domain), an agency or contact the directory no longer trusts, and a sender never seen before. Blocking findings make
/// approval wait for a confirmed call-back (<see cref="LegalDemand.CallBackRefusal"/>).
/// </summary>
public static class SenderChecks
{
    public static SenderAssessment Evaluate(LegalDemand demand, SenderContext context)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Agency is { } linked && linked.Id != demand.DirectoryAgencyId)
            throw new ArgumentException("The context's agency is not the demand's.", nameof(context));
        var findings = new List<Finding>();
        var agency = context.Agency;

        if (agency is null)
            findings.Add(new(FindingCode.AgencyNotInDirectory, FindingSeverity.Warning,
                $"\"{demand.Agency.Name}\" is registered as unknown to the agency directory: its sender cannot be checked against official "
                + "domains and there is no verified number to call back. Link the demand to its directory agency (an administrator adds missing ones)."));
        else
        {
            if (agency.Status == AgencyStatus.Suspended)
                findings.Add(new(FindingCode.AgencySuspended, FindingSeverity.Blocking,
                    $"{agency.Name} is suspended in the directory ({agency.StatusReason}). Do not act on its demands without confirming them by phone.", agency.Name));
            else if (agency.Status == AgencyStatus.Unverified)
                findings.Add(new(FindingCode.AgencyUnverified, FindingSeverity.Warning,
                    $"{agency.Name} is not verified in the directory yet: its domains and contacts have not been confirmed.", agency.Name));
            if (!string.Equals(Simplified(agency.Name), Simplified(demand.Agency.Name), StringComparison.Ordinal)
                || agency.CountryCode != demand.Agency.CountryCode)
                findings.Add(new(FindingCode.AgencyNameMismatch, FindingSeverity.Warning,
                    $"The demand names \"{demand.Agency.Name}\" ({demand.Agency.CountryCode}) but is linked to {agency.Name} ({agency.CountryCode}) in the directory; "
                    + "check the order and the link say the same agency."));
        }

        if (demand.Sender is { } sender) CheckSender(demand, sender, agency, context, findings);
        return new SenderAssessment(demand.Id, findings);
    }

    private static void CheckSender(LegalDemand demand, SenderAddress sender, DirectoryAgency? agency, SenderContext context, List<Finding> findings)
    {
        var domain = sender.Domain;
        var suspendedContact = context.Directory
            .SelectMany(a => a.Contacts.Where(c => c.Email == sender.Value && c.Status == ContactStatus.Suspended).Select(c => (Agency: a, Contact: c)))
            .FirstOrDefault();
        if (suspendedContact.Contact is { } contact)
            findings.Add(new(FindingCode.SenderContactSuspended, FindingSeverity.Blocking,
                $"{sender.Value} is {contact.Name}, suspended in the directory at {suspendedContact.Agency.Name} ({contact.SuspensionReason}). "
                + "The account may be compromised: confirm the demand by calling the agency on a directory number.", sender.Value));

        if (FreeMailProviders.IsFreeMail(domain))
        {
            findings.Add(new(FindingCode.SenderFreeMail, FindingSeverity.Blocking,
                $"The demand was sent from {sender.Value}, a free-mail address anyone can open. No agency's official mail comes from {domain.Value}.", sender.Value));
            return;
        }

        if (agency is not null && agency.Owns(domain))
        {
            if (context.EarlierDemandsFromSender == 0 && !agency.Contacts.Any(c => c.Email == sender.Value && c.Status == ContactStatus.Active))
                findings.Add(new(FindingCode.SenderFirstSeen, FindingSeverity.Warning,
                    $"{sender.Value} has never sent {agency.Name} demands before and is not one of its directory contacts.", sender.Value));
            return;
        }

        var owner = context.Directory.FirstOrDefault(a => a.Id != agency?.Id && a.Owns(domain));
        if (owner is not null)
        {
            findings.Add(agency is null
                ? new(FindingCode.SenderDomainOfOtherAgency, FindingSeverity.Warning,
                    $"{domain.Value} belongs to {owner.Name} in the directory, but the demand is not linked to it. Link it to {owner.Name} if that is who sent it.", sender.Value)
                : new(FindingCode.SenderDomainOfOtherAgency, FindingSeverity.Blocking,
                    $"The order names {agency.Name}, but {domain.Value} belongs to {owner.Name}: the sender is not the agency the demand claims to be from.", sender.Value));
            return;
        }

        IEnumerable<DirectoryAgency> candidates = agency is null ? context.Directory : [agency, .. context.Directory.Where(a => a.Id != agency.Id)];
        var official = candidates
            .SelectMany(a => a.Domains.Select(d => (Agency: a, Domain: d)))
            .FirstOrDefault(o => DomainResemblance.Imitates(domain, o.Domain));
        if (official.Domain is { } imitated)
        {
            findings.Add(new(FindingCode.SenderLookAlikeDomain, FindingSeverity.Blocking,
                $"{domain.Display} looks like {imitated.Value}, an official domain of {official.Agency.Name}, but is not it: a look-alike domain, "
                + "the usual sign of a forged demand.", sender.Value));
            return;
        }

        findings.Add(agency is null
            ? new(FindingCode.SenderDomainNotAgency, FindingSeverity.Warning,
                $"{domain.Value} is not the domain of any agency in the directory.", sender.Value)
            : new(FindingCode.SenderDomainNotAgency, FindingSeverity.Blocking,
                $"{domain.Value} is not an official domain of {agency.Name} (its domains: {string.Join(", ", agency.Domains.Select(d => d.Value))}).", sender.Value));
    }

    private static string Simplified(string name) =>
        new(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
