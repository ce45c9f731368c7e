using ComplianceReview.App.Services;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.App.Data;

/// <summary>
/// The demo agency directory: the seeded demands' agencies with their official domains and contacts (most verified, two
/// not yet, one unrelated agency suspended, one contact suspended), and the senders of three demands: a verified sender
/// (a directory contact), an unverified one (the agency's domain, never seen before), and a forged emergency request
/// from a look-alike of the Metropolitan Police's domain that the sender pre-checks block.
/// </summary>
public sealed class DemoAgencyDirectory
{
    /// <summary>The demands (seed index) whose sender is recorded, as the demo shows them.</summary>
    public const int VerifiedSenderIndex = 2;
    public const int UnverifiedSenderIndex = 3;
    public const int ForgedEmergencyIndex = 13;

    public const string ForgedAgencyName = "Metropolitan Police Service";
    public const string ForgedSender = "duty.inspector@met.po1ice.uk";

    private static readonly (string Name, string Country, string Domain, bool Verified, string Contact, string Role, string Phone, string Source)[] Entries =
    [
        ("Federal Bureau of Investigation", "US", "fbi.gov", true, "Dana Whitfield", "Legal liaison, Office of the General Counsel", "+1 202 324 3000", "fbi.gov contact page, confirmed at the 2025 provider liaison meeting"),
        ("New York County District Attorney", "US", "dany.nyc.gov", true, "Marcus Greene", "Assistant District Attorney, Cybercrime", "+1 212 335 9000", "Office switchboard listed on manhattanda.org"),
        ("Bundeskriminalamt", "DE", "bka.bund.de", true, "Katrin Albers", "Referat SO 41, Provider-Anfragen", "+49 611 550", "BKA Zentrale, bka.de Impressum"),
        ("Police nationale", "FR", "interieur.gouv.fr", true, "Julien Marchand", "Officier de liaison, OFAC", "+33 1 49 27 49 27", "Standard du ministère, interieur.gouv.fr"),
        ("Metropolitan Police Service", "GB", "met.police.uk", true, "Inspector Claire Hughes", "Communications Data Unit, supervisor", "+44 20 7230 1212", "New Scotland Yard switchboard, met.police.uk"),
        ("An Garda Síochána", "IE", "garda.ie", true, "Sergeant Eoin Walsh", "Garda National Cyber Crime Bureau", "+353 1 666 0000", "Garda HQ switchboard, garda.ie"),
        ("Polícia Federal", "BR", "pf.gov.br", false, "Ana Ribeiro", "Delegada, Cooperação Internacional", "+55 61 2024 8000", "gov.br/pf contact page"),
        ("Royal Canadian Mounted Police", "CA", "rcmp-grc.gc.ca", true, "Cpl. Ryan Tremblay", "National Cybercrime Coordination Centre", "+1 613 993 7267", "RCMP National HQ, rcmp-grc.gc.ca"),
        ("Australian Federal Police", "AU", "afp.gov.au", true, "Priya Natarajan", "Cybercrime Operations, provider liaison", "+61 2 5126 0000", "AFP National HQ, afp.gov.au"),
        ("National Police Agency", "JP", "npa.go.jp", false, "Kenji Sato", "Cybercrime Division, liaison officer", "+81 3 3581 0141", "npa.go.jp switchboard"),
    ];

    private readonly Dictionary<string, DirectoryAgency> _byName;

    private DemoAgencyDirectory(Dictionary<string, DirectoryAgency> byName) => _byName = byName;

    /// <summary>Adds the directory in the seeder's transaction; each agency's audit entries join <paramref name="events"/>, dated when the agency was entered.</summary>
    public static async Task<DemoAgencyDirectory> SeedAsync(ComplianceDbContext db, List<DemoAuditEvent> events, UserRef admin, DateTimeOffset today,
        CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, DirectoryAgency>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            var agency = DirectoryAgency.Create(entry.Name, entry.Country, [entry.Domain], today.AddDays(-400));
            agency.AddContact(entry.Contact, entry.Role, entry.Phone, $"liaison@{entry.Domain}", entry.Source);
            if (entry.Name == ForgedAgencyName)
            {
                var compromised = agency.AddContact("DC Tom Barker", "Communications Data Unit", "+44 20 7230 4000", "t.barker@met.police.uk",
                    "New Scotland Yard switchboard, met.police.uk");
                agency.SuspendContact(compromised.Id, "Mailbox reported compromised by the MPS on the provider liaison line; do not accept demands from it.");
            }
            if (entry.Verified) agency.Verify(admin, today.AddDays(-380));
            byName[entry.Name] = agency;
        }
        var suspended = DirectoryAgency.Create("Regional Cyber Task Force (disbanded)", "US", ["rctf-cyber.org"], today.AddDays(-700));
        suspended.Suspend("The task force was disbanded; its domain is no longer the agency's.");
        byName[suspended.Name] = suspended;

        foreach (var agency in byName.Values)
        {
            db.DirectoryAgencies.Add(agency);
            var entered = agency.Name == suspended.Name ? today.AddDays(-700) : today.AddDays(-400);
            foreach (var change in agency.Changes)
                events.Add(new DemoAuditEvent(entered, admin, change.Action, null, new Dictionary<string, string?>(change.Details) { ["seed"] = "demo" }));
            agency.ClearChanges();
        }
        await db.SaveChangesAsync(cancellationToken);
        return new DemoAgencyDirectory(byName);
    }

    /// <summary>The agency of the three demo senders' demands (verified agencies; the forged one claims the Metropolitan Police).</summary>
    public static string? AgencyOf(int index) => index switch
    {
        ForgedEmergencyIndex => ForgedAgencyName,
        VerifiedSenderIndex => "Federal Bureau of Investigation",
        UnverifiedSenderIndex => "Bundeskriminalamt",
        _ => null,
    };

    public Guid? IdOf(string agencyName) => _byName.TryGetValue(agencyName, out var agency) ? agency.Id : null;

    /// <summary>The sender of a seeded demand, for the three that have one.</summary>
    public string? SenderOf(int index, string agencyName)
    {
        if (index == ForgedEmergencyIndex) return ForgedSender;
        if (!_byName.TryGetValue(agencyName, out var agency)) return null;
        var domain = agency.Domains[0].Value;
        return index switch
        {
            VerifiedSenderIndex => $"liaison@{domain}",
            UnverifiedSenderIndex => $"duty.officer@{domain}",
            _ => null,
        };
    }

    /// <summary>A seeded emergency that gets approved was confirmed by phone first, as the domain requires.</summary>
    public void ConfirmByPhone(LegalDemand demand, UserRef reviewer, DateTimeOffset at)
    {
        var agency = _byName.Values.Single(a => a.Id == demand.DirectoryAgencyId);
        var contact = agency.Contacts.First(c => c.Status == ContactStatus.Active);
        demand.RecordCallBack(reviewer, agency, contact.Id, CallBackOutcome.Confirmed, at,
            $"{contact.Name} confirmed the request and its case number on the directory number.", at);
    }
}
