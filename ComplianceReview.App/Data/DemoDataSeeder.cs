using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.CustomerData;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Data;

/// <summary>
/// Deterministic demo data (fixed random seed; dates relative to the moment of seeding): about 40 customers with every kind
/// of record and about 60 demands across states, countries, agencies and process types, including invalid ones. Open
/// demands arrived in the last days and are due in the coming ones (a few overdue, a few due within 48 hours); closed ones
/// spread over the past two years, so several half-years have figures. Every audit entry is dated when its event
/// happened, and the entries are appended in that order, so the trail reads as the history it describes.
/// All of it is written in one transaction: the app only seeds an empty database, so a seed cut short (the process
/// killed half-way) must leave nothing behind, or the next start would find data and never finish it.
/// </summary>
public sealed class DemoDataSeeder(
    ComplianceWriter writer,
    TimeProvider time,
    IEnumerable<IDemoPackageFinisher> finishers)
{
    public const int Seed = 2026;
    public const int CustomerCount = 40;
    public const int DemandCount = 60;

    /// <summary>
    /// The shadow column that marks a demand as demo data. Only this seeder sets it; the transparency report never counts
    /// a marked demand, so demo figures cannot reach a published report even on a database that was seeded by mistake.
    /// </summary>
    public const string IsDemoProperty = "IsDemo";

    // The development sign-in's demo users, so seeded decisions belong to people one can sign in as.
    public static readonly UserRef Reviewer1 = Demo(DemoUsers.Reviewer1);
    public static readonly UserRef Reviewer2 = Demo(DemoUsers.Reviewer2);
    public static readonly UserRef LegalLead1 = Demo(DemoUsers.LegalLead1);
    public static readonly UserRef LegalLead2 = Demo(DemoUsers.LegalLead2);

    private static UserRef Demo(string id)
    {
        var user = DemoUsers.All.Single(u => u.Id == id);
        return new UserRef(user.Id, user.Name);
    }

    private static readonly string[] FirstNames = ["Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sofia", "Theo"];
    private static readonly string[] LastNames = ["Schmidt", "Garcia", "Okafor", "Nakamura", "Rossi", "Dubois", "Kowalski", "Silva", "Murphy", "Jensen", "Novak", "Haddad"];
    private static readonly string[] Domains = ["contoso.com", "fabrikam.net", "northwind.example", "adatum.org"];
    private static readonly (string Country, string State, string Zip)[] Places =
        [("US", "California", "94105"), ("US", "New York", "10001"), ("DE", "Berlin", "10115"), ("FR", "Île-de-France", "75001"), ("GB", "England", "SW1A 1AA"), ("IE", "Leinster", "D02 X285"), ("BR", "São Paulo", "01310-100"), ("CA", "Ontario", "M5H 2N2")];
    private static readonly (string Name, string Country, string Authority)[] Agencies =
    [
        ("Federal Bureau of Investigation", "US", "U.S. District Court for the Northern District of California"),
        ("New York County District Attorney", "US", "Supreme Court of the State of New York"),
        ("Bundeskriminalamt", "DE", "Amtsgericht Wiesbaden"),
        ("Police nationale", "FR", "Tribunal judiciaire de Paris"),
        ("Metropolitan Police Service", "GB", "Westminster Magistrates' Court"),
        ("An Garda Síochána", "IE", "District Court, Dublin"),
        ("Polícia Federal", "BR", "Justiça Federal de São Paulo"),
        ("Royal Canadian Mounted Police", "CA", "Ontario Court of Justice"),
        ("Australian Federal Police", "AU", "Federal Circuit Court of Australia"),
        ("National Police Agency", "JP", "Tokyo District Court"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var random = new Random(Seed);
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);

        var customers = CreateCustomers(random, today);
        await writer.WriteAsync(async db =>
        {
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync(cancellationToken); // inside the transaction: the extractions below read them back
            db.ChangeTracker.Clear();
            var events = new List<DemoAuditEvent>();
            var directory = await DemoAgencyDirectory.SeedAsync(db, events, Demo(DemoUsers.Admin1), today, cancellationToken);
            for (var i = 0; i < DemandCount; i++)
            {
                await SeedDemandAsync(db, i, random, now, customers, events, directory, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            // In the order they happened (a stable sort keeps one demand's same-instant events in their order).
            foreach (var e in events.OrderBy(e => e.At))
                await writer.Audit.AppendAsync(db, e.Actor, e.Action, e.Reference, e.Details, e.At, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    private static List<Customer> CreateCustomers(Random random, DateTimeOffset today)
    {
        var customers = new List<Customer>();
        for (var i = 0; i < CustomerCount; i++)
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[(i * 7) % LastNames.Length];
            var place = Places[random.Next(Places.Length)];
            var created = today.AddDays(-random.Next(400, 3000)).AddSeconds(random.Next(86_400));
            var email = $"{first}.{last}{i:00}@{Domains[i % Domains.Length]}".ToLowerInvariant();
            var customer = new Customer
            {
                AccountId = $"acct-{10001 + i}",
                Email = email,
                PhoneNumber = i % 3 == 0 ? null : $"+1415555{1000 + i:0000}",
                Name = $"{first} {last}",
                State = place.State,
                Country = place.Country,
                ZipCode = place.Zip,
                CreatedAt = created,
                RegistrationIp = Ip(random),
                PaymentInstrument = $"Visa •••• {random.Next(1000, 9999)}",
                BillingAddress = $"{random.Next(1, 400)} {LastNames[random.Next(LastNames.Length)]} Street, {place.State} {place.Zip}, {place.Country}",
            };

            var signIns = random.Next(20, 160);
            for (var s = 0; s < signIns; s++)
                customer.SignIns.Add(new SignInRecord { SignedInAt = today.AddSeconds(-random.Next(1, 400 * 86_400)), IpAddress = Ip(random) });

            var emails = random.Next(4, 20);
            for (var e = 0; e < emails; e++)
            {
                customer.Emails.Add(new EmailMessage
                {
                    SentAt = today.AddSeconds(-random.Next(1, 400 * 86_400)),
                    From = email,
                    To = $"{FirstNames[random.Next(FirstNames.Length)]}@{Domains[random.Next(Domains.Length)]}".ToLowerInvariant(),
                    Subject = Subjects[random.Next(Subjects.Length)],
                    Body = $"Hi, {Bodies[random.Next(Bodies.Length)]} Regards, {first}",
                });
            }

            var files = random.Next(2, 10);
            for (var f = 0; f < files; f++)
            {
                var name = $"{FileStems[random.Next(FileStems.Length)]}-{random.Next(1, 99)}.{FileExtensions[random.Next(FileExtensions.Length)]}";
                customer.Files.Add(new StoredFile
                {
                    FileName = name,
                    SizeBytes = random.Next(1_000, 50_000_000),
                    UploadedAt = today.AddSeconds(-random.Next(1, 400 * 86_400)),
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{email}/{name}/{f}"))),
                });
            }
            customers.Add(customer);
        }
        return customers;
    }

    private static readonly string[] Subjects = ["Quarterly figures", "Weekend plans", "Invoice 4471", "Re: meeting notes", "Travel booking", "Photos", "Contract draft"];
    private static readonly string[] Bodies = ["please find the document attached.", "see you on Friday.", "can we move the call to Tuesday?", "thanks for your help last week.", "the shipment left this morning."];
    private static readonly string[] FileStems = ["report", "holiday", "scan", "budget", "notes", "backup", "presentation"];
    private static readonly string[] FileExtensions = ["pdf", "jpg", "docx", "xlsx", "zip"];

    private static string Ip(Random random) => string.Create(CultureInfo.InvariantCulture,
        $"{random.Next(11, 223)}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}");

    private enum Plan { Received, InReview, AwaitingSignOff, Disclosed, Rejected, Preserved, Released }

    private async Task SeedDemandAsync(ComplianceDbContext db, int index, Random random, DateTimeOffset now, List<Customer> customers,
        List<DemoAuditEvent> events, DemoAgencyDirectory directory, CancellationToken cancellationToken)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var agency = Agencies[random.Next(Agencies.Length)];
        if (DemoAgencyDirectory.AgencyOf(index) is { } demoAgency) agency = Agencies.Single(a => a.Name == demoAgency);
        var plan = (index % 12) switch
        {
            0 or 1 => Plan.Received,
            2 or 3 => Plan.InReview,
            4 or 5 => Plan.AwaitingSignOff,
            6 or 7 or 8 => Plan.Disclosed,
            9 or 10 => Plan.Rejected,
            _ => index % 24 == 11 ? Plan.Preserved : Plan.Released,
        };
        var type = plan is Plan.Preserved or Plan.Released ? ProcessType.PreservationRequest
            : index is 13 or 40 ? ProcessType.EmergencyRequest
            : (index % 5) switch { 0 or 1 => ProcessType.Subpoena, 2 or 3 => ProcessType.CourtOrder, _ => ProcessType.SearchWarrant };

        // Open demands arrived in the last days and are due in the coming ones; closed ones spread over two years.
        var open = plan is Plan.Received or Plan.InReview or Plan.AwaitingSignOff;
        var overdue = plan is Plan.Received or Plan.InReview && index % 4 == 1;
        var dueSoon = plan is Plan.Received or Plan.InReview && index % 4 == 3;
        var received = plan switch
        {
            _ when type == ProcessType.EmergencyRequest && open => now.AddHours(-random.Next(2, 20)),
            _ when overdue => now.AddDays(-random.Next(8, 12)).AddHours(-random.Next(0, 8)),
            _ when open => now.AddHours(-random.Next(3, 6 * 24)),
            Plan.Preserved => now.AddDays(-(index + 15)).AddHours(-random.Next(0, 8)),
            _ => now.AddDays(-(30 + index * 12)).AddHours(-random.Next(0, 8)),
        };
        var issued = DateOnly.FromDateTime(received.UtcDateTime).AddDays(-random.Next(1, 10));
        var due = type == ProcessType.EmergencyRequest ? received.AddHours(24)
            : overdue ? now.AddDays(-random.Next(1, 5))
            : dueSoon ? now.AddHours(random.Next(4, 40))
            : open ? now.AddDays(random.Next(3, 15))
            : received.AddDays(random.Next(10, 40));

        var targetCount = random.Next(1, 4);
        var targets = Enumerable.Range(0, targetCount).Select(_ => customers[random.Next(customers.Count)])
            .Select((c, n) => n % 3 == 0 ? c.Email : n % 3 == 1 ? c.AccountId : c.PhoneNumber ?? c.Email).Distinct().ToList();

        var categories = type switch
        {
            ProcessType.Subpoena => new List<DataCategory> { DataCategory.SubscriberIdentity, DataCategory.RegistrationRecord, DataCategory.ConnectionHistory },
            ProcessType.PreservationRequest => [DataCategory.SubscriberIdentity, DataCategory.EmailContent, DataCategory.StoredFiles],
            _ => [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory, DataCategory.EmailContent],
        };
        if (random.Next(3) == 0) categories.Add(DataCategory.BillingInformation);

        // The invalid ones a reviewer must catch.
        if (index == 0) categories.Add(DataCategory.EmailContent);                    // content under a subpoena
        if (index == 2) targets.Add("*@" + Domains[0]);                               // a wildcard identifier
        if (index == 12) targets = ["nobody.known@" + Domains[1]];                    // an unknown account
        if (index == 24) targets.Add("all users");                                    // a blanket request

        var registration = new DemandRegistration
        {
            AgencyName = agency.Name,
            AgencyCountry = agency.Country,
            ProcessType = type,
            IssuingAuthority = agency.Authority,
            CaseNumber = string.Create(CultureInfo.InvariantCulture, $"{agency.Country}-{received.Year}-{random.Next(1000, 99999)}"),
            IssuedOn = issued,
            ExpiresOn = type is ProcessType.SearchWarrant ? issued.AddDays(index == 27 ? 3 : 180) : null,
            ReceivedAt = received,
            DueAt = due,
            Targets = targets,
            Categories = categories,
            CoveredFrom = received.AddDays(-random.Next(60, 300)),
            CoveredTo = received.AddDays(-random.Next(0, 30)),
            NonDisclosure = (index % 7) switch { 0 => NonDisclosureKind.WithoutEndDate, 1 or 2 => NonDisclosureKind.UntilDate, _ => NonDisclosureKind.None },
            NonDisclosureUntil = DateOnly.FromDateTime(today.UtcDateTime).AddDays(random.Next(-30, 200)),
            EmergencyJustification = type == ProcessType.EmergencyRequest ? "Credible threat to life: a missing minor last seen contacting this account." : null,
            DirectoryAgencyId = directory.IdOf(agency.Name),
            SenderAddress = directory.SenderOf(index, agency.Name),
        };

        var reference = DemandReference.Create(today.Year, index + 1);
        var demand = LegalDemand.Register(reference, registration, Reviewer1);
        var reviewer = index % 2 == 0 ? Reviewer1 : Reviewer2;
        var lead = index % 2 == 0 ? LegalLead1 : LegalLead2;
        // Closed demands were decided the day after they arrived; an open one awaiting sign-off half-way to now.
        var decidedAt = open ? received + (now - received) / 2 : received.AddDays(1);
        void Record(DateTimeOffset at, UserRef actor, string action, Dictionary<string, string?>? details = null) =>
            events.Add(new DemoAuditEvent(at, actor, action, reference.Value, details));

        db.Demands.Add(demand);
        db.Entry(demand).Property(IsDemoProperty).CurrentValue = true;
        Record(received, Reviewer1, AuditActions.DemandRegistered, Details(("processType", type.ToString()), ("seed", "demo")));
        if (plan == Plan.Received) return;

        demand.StartReview(reviewer);
        Record(received + (decidedAt - received) / 2, reviewer, AuditActions.ReviewStarted);
        if (plan == Plan.InReview) return;

        switch (plan)
        {
            case Plan.Rejected:
                demand.Reject(reviewer, RejectionReason.OverBroad, "The order does not name specific accounts for every request.", decidedAt);
                Record(decidedAt, reviewer, AuditActions.DemandRejected, Details(("reasonCode", "OverBroad")));
                return;
            case Plan.Preserved or Plan.Released:
                demand.Preserve(reviewer, "Preservation letter is specific and within the retention window.", decidedAt);
                Record(decidedAt, reviewer, AuditActions.DemandPreserved);
                if (plan == Plan.Released)
                {
                    var releasedAt = decidedAt.AddDays(20);
                    demand.Release(reviewer, "The agency confirmed the preservation is no longer needed.", releasedAt);
                    Record(releasedAt, reviewer, AuditActions.PreservationReleased);
                }
                return;
        }

        // Approvals: the part of the request the process allows, for the specific identifiers.
        var requested = demand.RequestedScope;
        var allowed = requested.Categories.Where(c => SufficiencyPolicy.Allows(type, c)).ToList();
        var customerData = EfCustomerDataSource.On(db);
        var resolutions = await customerData.ResolveAsync(requested.Identifiers, cancellationToken);
        if (demand.IsEmergency)
        {
            directory.ConfirmByPhone(demand, reviewer, decidedAt.AddMinutes(-30));
            Record(decidedAt.AddMinutes(-30), reviewer, Services.Requesters.RequesterAuditActions.CallBackRecorded, Details(("outcome", "Confirmed"), ("seed", "demo")));
        }
        demand.ApprovePartially(reviewer, "Valid process; the scope is limited to what the order covers.", requested.Identifiers, allowed, requested.DateRange,
            resolutions.Of, decidedAt, await Services.Requesters.RequesterVerification.AssessAsync(db, demand, cancellationToken));
        var scope = demand.ApprovedScope!;
        var snapshot = await customerData.ExtractAsync(reference.Value, scope, decidedAt, cancellationToken);
        var snapshotRecord = DisclosureSnapshotRecord.For(demand, snapshot, decidedAt);
        db.Snapshots.Add(snapshotRecord);
        Record(decidedAt, reviewer, AuditActions.SnapshotTaken, Details(("snapshotSha256", snapshotRecord.Sha256)));
        Record(decidedAt, reviewer, demand.Decisions[^1].Kind == DecisionKind.Approve ? AuditActions.DemandApproved : AuditActions.DemandApprovedPartially,
            Details(("scope", scope.Describe())));

        if (plan == Plan.Disclosed)
        {
            foreach (var finisher in finishers)
                events.AddRange(await finisher.DiscloseAsync(db, demand, snapshot, lead, decidedAt.AddHours(4), cancellationToken));
        }
    }

    private static Dictionary<string, string?> Details(params (string Key, string? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}

/// <summary>Something that happened to a seeded demand, audited at <see cref="At"/> once the whole seed is staged.</summary>
public sealed record DemoAuditEvent(DateTimeOffset At, UserRef Actor, string Action, string? Reference, IReadOnlyDictionary<string, string?>? Details);

/// <summary>
/// Lets the package layer finish seeded disclosures (render, certify, sign) without the seeder knowing PDFs; returns what
/// it did as audit events, for the seeder to append in time order.
/// </summary>
public interface IDemoPackageFinisher
{
    Task<IReadOnlyList<DemoAuditEvent>> DiscloseAsync(ComplianceDbContext db, LegalDemand demand, DataSnapshot snapshot, UserRef legalLead, DateTimeOffset signedAt, CancellationToken cancellationToken);
}
