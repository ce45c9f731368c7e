using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceReview.App.CustomerData;
using ComplianceReview.App.Documents;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Documents;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.CustomerData;

/// <summary>
/// Only what the order covers leaves, proven where the data is. One SQLite database holds, around each of
/// <see cref="Scopes"/> generated scopes (fixed seed): rows exactly on the approved range's bounds and on the last tick of
/// its last second (in), one tick before its start and on the first instant after it (out, also written with other UTC
/// offsets), the named account's other categories (out), accounts with similar identifiers (a case variant, a
/// sub-address, a look-alike domain, a shared phone number, an upper-case account id; out) and another customer who
/// writes to the named account: that message in the named mailbox is in scope, the sender's own mail is not.
/// <para>
/// Every value that could leak is a unique canary token. Each scope is approved through the demand (with the source's
/// resolutions), extracted by <see cref="EfCustomerDataSource"/>, stored and read back as the snapshot JSON, and rendered by
/// <see cref="DisclosurePackageRenderer"/>. The tokens in the PDF's text and in the snapshot must be exactly the planted
/// in-scope ones (so the test fails both ways), and the PDF's metadata and dictionaries hold none.
/// </para>
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class ExtractionCanaryTests : IAsyncLifetime
{
    private const int Scopes = 200;
    private const int RandomSeed = 20261207;

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly UserRef Reviewer = new("canary-reviewer", "Casey Canary");
    private static readonly string[] FirstNames = ["ava", "ben", "chloe", "daniel", "emma", "felix", "grace", "hugo"];
    private static readonly (string Domain, string LookAlike)[] Domains =
        [("contoso.com", "c0ntoso.com"), ("fabrikam.net", "fabrikarn.net"), ("northwind.example", "n0rthwind.example"), ("adatum.org", "adaturn.org")];
    private static readonly TimeSpan[] OtherOffsets = [TimeSpan.FromHours(5.5), TimeSpan.FromHours(-8), TimeSpan.FromHours(14)];

    private readonly DisclosurePackageRenderer _renderer = new();
    private CustomerDataDatabase _database = null!;
    private readonly List<PlannedScope> _scopes = [];

    /// <summary>One generated scope: what the demand asks, what is approved, and what must and must not come out.</summary>
    private sealed record PlannedScope(
        int Index,
        ProcessType ProcessType,
        IReadOnlyList<string> Targets,
        IReadOnlyList<DataCategory> Approved,
        DateRange Requested,
        DateRange ApprovedRange,
        HashSet<string> InScope,
        HashSet<string> OutOfScope,
        List<string> AbsentIdentifiers,
        List<(string Identifier, int Matches)> AmbiguousIdentifiers);

    public async Task InitializeAsync()
    {
        _database = await CustomerDataDatabase.CreateAsync();
        var planter = new Planter(new Random(RandomSeed));
        for (var n = 0; n < Scopes; n++) _scopes.Add(planter.Plan(n));
        await using var db = _database.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Customers.AddRange(planter.Customers);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task EveryScopeDisclosesExactlyItsPlantedInScopeValues()
    {
        var source = new EfCustomerDataSource(_database);
        var problems = new List<string>();
        var rendered = 0;
        var inScopeSeen = 0;

        foreach (var planned in _scopes)
        {
            var demand = LegalDemand.Register(DemandReference.Create(2026, planned.Index + 1), Registration(planned), Reviewer);
            var reference = demand.Reference.Value;
            demand.StartReview(Reviewer);
            var resolutions = await source.ResolveAsync(demand.RequestedScope.Identifiers);
            demand.ApprovePartially(Reviewer, "The order names these accounts; the scope is what it covers.", demand.RequestedScope.Identifiers,
                planned.Approved, planned.ApprovedRange, resolutions.Of, Now, ComplianceReview.Tests.Domain.DemandBuilder.NoSenderFindings(demand));
            var snapshot = await source.ExtractAsync(reference, demand.ApprovedScope!, Now);

            // As the package service does: the stored JSON, read back and checked against its hash, is what is rendered.
            var json = snapshot.CanonicalJson();
            var stored = DataSnapshot.FromJson(json);
            Assert.Equal(snapshot.ComputeSha256(), stored.ComputeSha256());
            var package = _renderer.Render(stored, DisclosurePackageRequest.For(demand, "Dana Whitfield", "CR"));
            var pdf = PdfReadBack.Read(package.Pdf);
            rendered++;

            var text = pdf.NormalisedText;
            var metadata = string.Join("\n", pdf.Information.Values) + "\n" + pdf.RawWithoutStreams;
            Compare(problems, planned, "PDF text", Tokens(text));
            Compare(problems, planned, "snapshot JSON", Tokens(json));
            foreach (var token in Tokens(metadata)) problems.Add($"scope {planned.Index}: {token} is in the PDF's metadata or dictionaries");
            foreach (var identifier in planned.AbsentIdentifiers)
            {
                if (text.Contains(identifier, StringComparison.Ordinal) || json.Contains(identifier, StringComparison.Ordinal) || metadata.Contains(identifier, StringComparison.Ordinal))
                    problems.Add($"scope {planned.Index}: the other account {identifier} appears");
            }
            foreach (var identifier in demand.ApprovedScope!.Identifiers)
            {
                if (!text.Contains(identifier.Value, StringComparison.Ordinal)) problems.Add($"scope {planned.Index}: the named {identifier} is not printed");
            }
            inScopeSeen += planned.InScope.Count;

            // The similar accounts are not only kept out: the identifiers they share with the named account are refused.
            foreach (var (identifier, matches) in planned.AmbiguousIdentifiers)
            {
                var ambiguous = AccountIdentifier.Parse(identifier);
                var scope = DisclosureScope.Approve(DisclosureScope.Requested([ambiguous], [DataCategory.SubscriberIdentity], null), ProcessType.Subpoena,
                    [ambiguous], [DataCategory.SubscriberIdentity], null);
                var refused = await Assert.ThrowsAsync<AmbiguousIdentifierException>(() => source.ExtractAsync(reference, scope, Now));
                if (refused.Ambiguous.Single().MatchCount != matches) problems.Add($"scope {planned.Index}: {identifier} should match {matches} accounts");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems.Take(40))}");
        Assert.Equal(Scopes, rendered);
        Assert.True(inScopeSeen > Scopes * 5, $"only {inScopeSeen} in-scope values over {Scopes} scopes: the generator plants too little to prove anything");
        Assert.True(_scopes.Sum(s => s.OutOfScope.Count) > inScopeSeen, "fewer planted out-of-scope values than in-scope ones");
        // The generator covers what it claims: every identifier kind named often, range bounds in approved categories often.
        var named = _scopes.SelectMany(s => s.Targets).Select(t => AccountIdentifier.Parse(t).Kind).CountBy(k => k).ToDictionary();
        Assert.All(Enum.GetValues<IdentifierKind>(), kind => Assert.True(named.GetValueOrDefault(kind) >= 50, $"{kind} named {named.GetValueOrDefault(kind)} times"));
        Assert.True(_scopes.Count(s => s.Approved.Any(c => c.IsTimeSeries())) >= Scopes / 2, "too few scopes approve a time-series category");
        Assert.True(_scopes.Count(s => s.ApprovedRange != s.Requested) >= Scopes / 4, "too few scopes narrow the requested range");
    }

    private static void Compare(List<string> problems, PlannedScope planned, string where, HashSet<string> found)
    {
        foreach (var missing in planned.InScope.Except(found).Order(StringComparer.Ordinal))
            problems.Add($"scope {planned.Index}: in-scope {missing} is missing from the {where}");
        foreach (var leaked in found.Except(planned.InScope).Order(StringComparer.Ordinal))
            problems.Add($"scope {planned.Index}: {(planned.OutOfScope.Contains(leaked) ? "its own out-of-scope" : "another scope's")} {leaked} is in the {where}");
    }

    private static DemandRegistration Registration(PlannedScope planned) => new()
    {
        AgencyName = "Metropolitan Police Service",
        AgencyCountry = "GB",
        ProcessType = planned.ProcessType,
        IssuingAuthority = "Westminster Magistrates' Court",
        CaseNumber = $"CANARY-{planned.Index:000}",
        IssuedOn = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-3),
        ReceivedAt = Now.AddDays(-1),
        DueAt = Now.AddDays(14),
        Targets = planned.Targets,
        Categories = Enum.GetValues<DataCategory>(),
        CoveredFrom = planned.Requested.From,
        CoveredTo = planned.Requested.To,
    };

    private static HashSet<string> Tokens(string text) => Token().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Z and Q are not hex digits, so a token can only start where one was planted, even in text without spaces.</summary>
    [GeneratedRegex("ZQ[0-9A-F]{12}Q")]
    private static partial Regex Token();

    /// <summary>Generates the customers of every scope and records, per scope, which tokens are in and which are out.</summary>
    private sealed class Planter(Random random)
    {
        private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);

        public List<Customer> Customers { get; } = [];

        public PlannedScope Plan(int n)
        {
            var type = (n % 3) switch { 0 => ProcessType.Subpoena, 1 => ProcessType.CourtOrder, _ => ProcessType.SearchWarrant };
            var allowed = Enum.GetValues<DataCategory>().Where(c => SufficiencyPolicy.Allows(type, c)).ToList();
            var approved = allowed.Where(_ => random.Next(2) == 0).DefaultIfEmpty(allowed[random.Next(allowed.Count)]).ToList();

            var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(300)).AddSeconds(random.Next(86_400));
            var length = TimeSpan.FromDays(random.Next(1, 90)) + TimeSpan.FromSeconds(random.Next(86_400));
            var requested = new DateRange(from, from + length);
            var narrowed = random.Next(2) == 0;
            var approvedRange = narrowed
                ? new DateRange(from + length / 4 + TimeSpan.FromSeconds(random.Next(3_600)), from + length / 2)
                : requested;

            var planned = new PlannedScope(n, type, [], approved, requested, approvedRange, new(StringComparer.Ordinal), new(StringComparer.Ordinal), [], []);
            var targets = new List<string>();
            var count = random.Next(1, 4);
            for (var t = 0; t < count; t++) targets.Add(PlantTarget(planned, n, t));
            return planned with { Targets = targets };
        }

        private string Token()
        {
            while (true)
            {
                var token = "ZQ" + random.NextInt64(0, 1L << 48).ToString("X12", CultureInfo.InvariantCulture) + "Q";
                if (_tokens.Add(token)) return token;
            }
        }

        /// <summary>A token of <paramref name="category"/>'s data: in scope when the category is approved and the account is named.</summary>
        private string Tracked(PlannedScope planned, DataCategory category, bool named, bool inRange = true)
        {
            var token = Token();
            (named && inRange && planned.Approved.Contains(category) ? planned.InScope : planned.OutOfScope).Add(token);
            return token;
        }

        private Customer NewCustomer(PlannedScope planned, string accountId, string email, string? phone, bool named) => new()
        {
            AccountId = accountId,
            Email = email,
            PhoneNumber = phone,
            Name = "Customer " + Tracked(planned, DataCategory.SubscriberIdentity, named),
            State = Tracked(planned, DataCategory.SubscriberLocation, named),
            Country = "US",
            ZipCode = Tracked(planned, DataCategory.SubscriberLocation, named),
            CreatedAt = new DateTimeOffset(2023, 6, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(500_000)),
            RegistrationIp = Tracked(planned, DataCategory.RegistrationRecord, named),
            PaymentInstrument = "Card " + Tracked(planned, DataCategory.BillingInformation, named),
            BillingAddress = Tracked(planned, DataCategory.BillingInformation, named) + " Street",
        };

        private string PlantTarget(PlannedScope planned, int n, int t)
        {
            var (domain, lookAlike) = Domains[random.Next(Domains.Length)];
            var local = $"{FirstNames[random.Next(FirstNames.Length)]}.n{n:000}t{t}";
            var email = $"{local}@{domain}";
            var accountId = $"acct-{n:000}-{t}";
            var phone = string.Create(CultureInfo.InvariantCulture, $"+1555{n:000}{t}{random.Next(1000):000}");
            var namedBy = (IdentifierKind)random.Next(3);
            var range = planned.ApprovedRange;

            var target = NewCustomer(planned, accountId, email, phone, named: true);
            Customers.Add(target);

            var correspondentEmail = $"corr.n{n:000}t{t}@fabrikam.net";
            var correspondent = NewCustomer(planned, $"{accountId}-m", correspondentEmail, null, named: false);
            Customers.Add(correspondent);

            // The named account's rows around the range: on each bound and the last tick of the last second (in), a tick
            // before and the first instant after (out), also written with other offsets (the same instants, other clocks).
            // One time-series category (an approved one when there is one) gets all of them, the others one in, one out.
            var offset = OtherOffsets[random.Next(OtherOffsets.Length)];
            (DateTimeOffset At, bool In)[] bounds =
            [
                (range.From, true), (range.To, true), (range.EndExclusive.AddTicks(-1), true), (range.From + range.Length / 2, true),
                (range.From.AddTicks(-1), false), (range.EndExclusive, false),
                (range.From.ToOffset(offset), true), (range.From.AddTicks(-1).ToOffset(offset), false), (range.EndExclusive.ToOffset(offset), false),
                (range.EndExclusive.AddTicks(-1).ToOffset(-offset), true),
            ];
            var timeSeries = Enum.GetValues<DataCategory>().Where(c => c.IsTimeSeries()).ToList();
            var approvedSeries = timeSeries.Where(planned.Approved.Contains).ToList();
            var full = approvedSeries.Count > 0 ? approvedSeries[random.Next(approvedSeries.Count)] : timeSeries[random.Next(timeSeries.Count)];
            foreach (var category in timeSeries)
            {
                var instants = category == full ? bounds : [bounds[random.Next(4)], bounds[4 + random.Next(2)]];
                for (var i = 0; i < instants.Length; i++)
                    AddRow(planned, target, category, instants[i].At, named: true, instants[i].In, (i % 3) switch
                    {
                        // In the named mailbox: what the account sent, what another customer sent it, what came to its sub-address.
                        0 => (email, $"someone.n{n:000}@example.net"),
                        1 => (correspondentEmail, email),
                        _ => ($"shop.n{n:000}@example.net", $"{local}+orders@{domain}"),
                    });
            }

            // The correspondent's own mailbox and sign-ins, inside the range: not the named account's data.
            var inside = range.From + range.Length / 3;
            correspondent.Emails.Add(new EmailMessage
            {
                SentAt = inside, From = correspondentEmail, To = $"third.n{n:000}@example.net",
                Subject = Tracked(planned, DataCategory.EmailContent, false), Body = Tracked(planned, DataCategory.EmailContent, false),
            });
            correspondent.SignIns.Add(new SignInRecord { SignedInAt = inside, IpAddress = Tracked(planned, DataCategory.ConnectionHistory, false) });

            // Accounts with similar identifiers, each with data inside the range. The ones that would share the identifier
            // the demand uses are left out here (they make it ambiguous, checked as a refusal).
            var similar = new List<(string AccountId, string Email, string? Phone)>
            {
                ($"{accountId}-p", $"{local}+news@{domain}", null),
                ($"{accountId}-l", $"{local}@{lookAlike}", null),
            };
            if (namedBy != IdentifierKind.Email) similar.Add(($"{accountId}-c", char.ToUpperInvariant(local[0]) + email[1..], null));
            if (namedBy != IdentifierKind.PhoneNumber) similar.Add(($"{accountId}-s", $"shared.n{n:000}t{t}@{domain}", phone));
            if (namedBy != IdentifierKind.AccountId) similar.Add((accountId.ToUpperInvariant(), $"upper.n{n:000}t{t}@{domain}", null));
            foreach (var (otherId, otherEmail, otherPhone) in similar)
            {
                var other = NewCustomer(planned, otherId, otherEmail, otherPhone, named: false);
                // Data in the approved time-series category when there is one, so only the account decides it is out.
                AddRow(planned, other, full, inside, named: false, inRange: true, (otherEmail, email));
                Customers.Add(other);
                planned.AbsentIdentifiers.Add(otherEmail);
                planned.AbsentIdentifiers.Add(otherId);
            }
            if (namedBy != IdentifierKind.Email) planned.AmbiguousIdentifiers.Add((email, 2));
            if (namedBy != IdentifierKind.PhoneNumber) planned.AmbiguousIdentifiers.Add((phone, 2));
            if (namedBy != IdentifierKind.AccountId) planned.AmbiguousIdentifiers.Add((accountId, 2));

            return namedBy switch
            {
                IdentifierKind.Email => random.Next(2) == 0 ? email : email.ToUpperInvariant(),
                IdentifierKind.AccountId => accountId,
                _ => $"+1 {phone[2..5]} {phone[5..8]} {phone[8..]}",
            };
        }

        /// <summary>One time-series row of <paramref name="customer"/>; an e-mail is from and to the given addresses.</summary>
        private void AddRow(PlannedScope planned, Customer customer, DataCategory category, DateTimeOffset at, bool named, bool inRange,
            (string From, string To) mail)
        {
            switch (category)
            {
                case DataCategory.ConnectionHistory:
                    customer.SignIns.Add(new SignInRecord { SignedInAt = at, IpAddress = Tracked(planned, category, named, inRange) });
                    break;
                case DataCategory.EmailContent:
                    customer.Emails.Add(new EmailMessage
                    {
                        SentAt = at,
                        From = mail.From,
                        To = mail.To,
                        Subject = Tracked(planned, category, named, inRange),
                        Body = "Hello, " + Tracked(planned, category, named, inRange),
                    });
                    break;
                case DataCategory.StoredFiles:
                    customer.Files.Add(new StoredFile
                    {
                        FileName = Tracked(planned, category, named, inRange) + ".pdf",
                        SizeBytes = random.Next(1_000, 5_000_000),
                        UploadedAt = at,
                        Sha256 = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + new string('0', 48),
                    });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(category), category, "Not a time-series category.");
            }
        }
    }
}
