using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.Agencies;

public enum AgencyStatus
{
    Unverified,
    Verified,
    Suspended,
}

public enum ContactStatus
{
    Active,
    Suspended,
}

/// <summary>What happened to a directory agency: raised by its methods, so the service audits what the aggregate says.</summary>
public sealed record AgencyChange(string Action, IReadOnlyDictionary<string, string?> Details);

/// <summary>
/// One agency of the directory: the reference a demand's sender is checked against. Its official mail domains, its
/// contacts whose phone numbers come from a source independent of any message (the agency's published switchboard, a
/// liaison meeting), and its status, with who verified it when. Changed only through named methods, each of which
/// records an <see cref="AgencyChange"/> for the audit trail.
/// </summary>
public sealed class DirectoryAgency
{
    public const int MaxDomains = 20;
    public const int MaxContacts = 50;
    public const int MaxReasonLength = 500;

    private readonly List<string> _domains = [];
    private readonly List<AgencyContact> _contacts = [];
    private readonly List<AgencyChange> _changes = [];

    private DirectoryAgency()
    {
        Name = "";
        CountryCode = "";
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string CountryCode { get; private set; }
    public AgencyStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public string? VerifiedById { get; private set; }
    public string? VerifiedByName { get; private set; }
    public DateTimeOffset? VerifiedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<EmailDomain> Domains => _domains.Select(EmailDomain.Parse).ToList();
    public IReadOnlyList<AgencyContact> Contacts => _contacts;

    /// <summary>Changes made since this instance was loaded or created, oldest first; the service audits them.</summary>
    public IReadOnlyList<AgencyChange> Changes => _changes;

    public static DirectoryAgency Create(string name, string countryCode, IEnumerable<string> domains, DateTimeOffset now)
    {
        var agency = new DirectoryAgency
        {
            Id = Guid.NewGuid(),
            Name = CheckName(name),
            CountryCode = Countries.Normalise(countryCode),
            Status = AgencyStatus.Unverified,
            CreatedAt = now,
        };
        agency.Raise("AgencyCreated", ("name", agency.Name), ("country", agency.CountryCode));
        foreach (var domain in domains) agency.AddDomain(domain);
        return agency;
    }

    public void Rename(string name, string countryCode)
    {
        var checkedName = CheckName(name);
        var country = Countries.Normalise(countryCode);
        if (checkedName == Name && country == CountryCode) return;
        Raise("AgencyUpdated", ("name", checkedName), ("country", country), ("previousName", Name), ("previousCountry", CountryCode));
        Name = checkedName;
        CountryCode = country;
        Version++;
    }

    public void AddDomain(string text)
    {
        var domain = EmailDomain.Parse(text);
        if (FreeMailProviders.IsFreeMail(domain))
            throw new DomainException($"{domain.Value} is a free-mail provider; anyone can have an address there, so it is never an agency's official domain.");
        if (_domains.Contains(domain.Value)) throw new DomainException($"{domain.Value} is already one of {Name}'s domains.");
        if (_domains.Count >= MaxDomains) throw new DomainException($"An agency has at most {MaxDomains} domains.");
        _domains.Add(domain.Value);
        Raise("AgencyDomainAdded", ("domain", domain.Value));
        Version++;
    }

    public void RemoveDomain(string text)
    {
        var domain = EmailDomain.Parse(text);
        if (!_domains.Remove(domain.Value)) throw new DomainException($"{domain.Value} is not one of {Name}'s domains.");
        Raise("AgencyDomainRemoved", ("domain", domain.Value));
        Version++;
    }

    public AgencyContact AddContact(string name, string role, string phone, string? email, string phoneSource)
    {
        if (_contacts.Count >= MaxContacts) throw new DomainException($"An agency has at most {MaxContacts} contacts.");
        var contact = AgencyContact.Create(name, role, phone, email, phoneSource);
        if (_contacts.Any(c => c.PhoneNumber == contact.PhoneNumber && c.Name == contact.Name))
            throw new DomainException($"{contact.Name} with {contact.PhoneNumber} is already a contact of {Name}.");
        _contacts.Add(contact);
        Raise("AgencyContactAdded", ("contactId", contact.Id.ToString()), ("contact", contact.Name), ("role", contact.Role),
            ("phone", contact.PhoneNumber), ("email", contact.Email), ("phoneSource", contact.PhoneSource));
        Version++;
        return contact;
    }

    public void SuspendContact(Guid contactId, string reason)
    {
        var contact = Contact(contactId);
        if (contact.Status == ContactStatus.Suspended) throw new DomainException($"{contact.Name} is already suspended.");
        contact.Suspend(CheckReason(reason));
        Raise("AgencyContactSuspended", ("contactId", contact.Id.ToString()), ("contact", contact.Name), ("reason", contact.SuspensionReason));
        Version++;
    }

    public void ReinstateContact(Guid contactId)
    {
        var contact = Contact(contactId);
        if (contact.Status == ContactStatus.Active) throw new DomainException($"{contact.Name} is not suspended.");
        contact.Reinstate();
        Raise("AgencyContactReinstated", ("contactId", contact.Id.ToString()), ("contact", contact.Name));
        Version++;
    }

    /// <summary>
    /// Marks the agency verified by <paramref name="by"/>: it needs an official domain and a contact with an independently
    /// sourced number, or there is nothing to check a sender against and no one to call back.
    /// </summary>
    public void Verify(UserRef by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (Status == AgencyStatus.Verified) throw new DomainException($"{Name} is already verified.");
        if (_domains.Count == 0) throw new DomainException($"{Name} has no official domain; add one before verifying it.");
        if (!_contacts.Any(c => c.Status == ContactStatus.Active))
            throw new DomainException($"{Name} has no active contact to call back; add one (with the source of the number) before verifying it.");
        Status = AgencyStatus.Verified;
        StatusReason = null;
        VerifiedById = by.Id;
        VerifiedByName = by.Name;
        VerifiedAt = now;
        Raise("AgencyVerified", ("verifiedBy", by.Id));
        Version++;
    }

    public void Suspend(string reason)
    {
        if (Status == AgencyStatus.Suspended) throw new DomainException($"{Name} is already suspended.");
        StatusReason = CheckReason(reason);
        Raise("AgencySuspended", ("reason", StatusReason), ("previousStatus", Status.ToString()));
        Status = AgencyStatus.Suspended;
        Version++;
    }

    /// <summary>Back to unverified (after a suspension is lifted, or when the verification is in doubt); the last verification stays on record.</summary>
    public void MarkUnverified(string reason)
    {
        if (Status == AgencyStatus.Unverified) throw new DomainException($"{Name} is already unverified.");
        StatusReason = CheckReason(reason);
        Raise("AgencyMarkedUnverified", ("reason", StatusReason), ("previousStatus", Status.ToString()));
        Status = AgencyStatus.Unverified;
        Version++;
    }

    /// <summary>Whether <paramref name="domain"/> is one of the official domains or a subdomain of one.</summary>
    public bool Owns(EmailDomain domain) => Domains.Any(domain.IsWithin);

    public AgencyContact Contact(Guid contactId) =>
        _contacts.SingleOrDefault(c => c.Id == contactId) ?? throw new DomainException($"{Name} has no such contact.");

    public void ClearChanges() => _changes.Clear();

    private void Raise(string action, params (string Key, string? Value)[] details)
    {
        var map = details.ToDictionary(d => d.Key, d => d.Value);
        map["agencyId"] = Id.ToString();
        _changes.Add(new AgencyChange(action, map));
    }

    private static string CheckName(string name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainException("The agency needs a name.");
        if (trimmed.Length > RequestingAgency.MaxNameLength) throw new DomainException($"The agency name has at most {RequestingAgency.MaxNameLength} characters.");
        return trimmed;
    }

    private static string CheckReason(string reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainException("Give the reason.");
        if (trimmed.Length > MaxReasonLength) throw new DomainException($"A reason has at most {MaxReasonLength} characters.");
        return trimmed;
    }
}

/// <summary>
/// A person at the agency to call back: name, role, phone number in international form, the optional e-mail address they
/// write from, and where the number came from (never from a message under review).
/// </summary>
public sealed class AgencyContact
{
    public const int MaxNameLength = 200;
    public const int MaxRoleLength = 200;
    public const int MaxPhoneLength = 20;
    public const int MaxSourceLength = 300;

    private AgencyContact()
    {
        Name = Role = PhoneNumber = PhoneSource = "";
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Role { get; private set; }
    public string PhoneNumber { get; private set; }
    public string? Email { get; private set; }
    public string PhoneSource { get; private set; }
    public ContactStatus Status { get; private set; }
    public string? SuspensionReason { get; private set; }

    internal static AgencyContact Create(string name, string role, string phone, string? email, string phoneSource)
    {
        string? address = null;
        if (!string.IsNullOrWhiteSpace(email)) address = SenderAddress.Parse(email).Value;
        return new AgencyContact
        {
            Id = Guid.NewGuid(),
            Name = Required(name, MaxNameLength, "The contact's name"),
            Role = Required(role, MaxRoleLength, "The contact's role"),
            PhoneNumber = DirectoryPhone.Parse(phone),
            Email = address,
            PhoneSource = Required(phoneSource, MaxSourceLength, "Where the number comes from (an independent source, never the message)"),
            Status = ContactStatus.Active,
        };
    }

    internal void Suspend(string reason)
    {
        Status = ContactStatus.Suspended;
        SuspensionReason = reason;
    }

    internal void Reinstate()
    {
        Status = ContactStatus.Active;
        SuspensionReason = null;
    }

    private static string Required(string? text, int max, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainException($"{what} is required.");
        if (trimmed.Length > max) throw new DomainException($"{what}: at most {max} characters.");
        return trimmed;
    }
}

/// <summary>A phone number in E.164 form (+ country code, 8 to 15 digits); spaces, dots, hyphens and brackets are dropped.</summary>
public static class DirectoryPhone
{
    public static string Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        var rest = trimmed.Where(c => !char.IsAsciiDigit(c) && c is not (' ' or '.' or '-' or '(' or ')')).ToArray();
        if (!trimmed.StartsWith('+') || rest.Length != 1 || digits.Length is < 8 or > 15)
            throw new DomainException("Give the phone number in international form, with + and the country code (for example +44 20 7230 1212).");
        return "+" + digits;
    }
}
