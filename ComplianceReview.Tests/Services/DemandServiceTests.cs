using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Services;

/// <summary>The demand service on the real app and a real SQLite file, with the demo customers seeded.</summary>
public sealed class DemandServiceTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private DemandService As(TestUser user) => app.ServiceAs<DemandService>(user);

    private async Task<string> KnownEmailAsync(int index = 0)
    {
        await using var db = app.CreateDbContext();
        return await db.Customers.OrderBy(c => c.Id).Skip(index).Select(c => c.Email).FirstAsync();
    }

    private async Task<LegalDemand> RegisterAsync(DemandRegistration? registration = null)
    {
        var result = await As(TestUser.Reviewer1).RegisterAsync(registration ?? Registrations.CourtOrder(app.Time.GetUtcNow(), await KnownEmailAsync()), null);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return (await As(TestUser.Reviewer1).FindAsync(result.Reference!.Value))!;
    }

    private async Task<LegalDemand> InReviewAsync(DemandRegistration? registration = null)
    {
        var demand = await RegisterAsync(registration);
        return await As(TestUser.Reviewer1).StartReviewAsync(demand.Reference.Value, demand.Version);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(LegalDemand demand)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.DemandReference == demand.Reference.Value).OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task RegisterStoresTheDemandWithItsAuditEntryAndFindings()
    {
        var email = await KnownEmailAsync();
        var result = await As(TestUser.Reviewer1).RegisterAsync(Registrations.Subpoena(app.Time.GetUtcNow(), email, "missing.person@contoso.com") with
        {
            Categories = [DataCategory.SubscriberIdentity, DataCategory.EmailContent],
        }, null);

        Assert.True(result.Succeeded);
        Assert.Matches(@"^LD-\d{4}-\d{6}$", result.Reference!.Value);
        Assert.Contains(result.Findings, f => f.Code == FindingCode.CategoryNotAllowed && f.Severity == FindingSeverity.Blocking);
        Assert.Contains(result.Findings, f => f.Code == FindingCode.IdentifierNotFound && f.Subject == "missing.person@contoso.com");
        Assert.DoesNotContain(result.Findings, f => f.Code == FindingCode.IdentifierNotFound && f.Subject == email);

        var demand = await As(TestUser.Reviewer1).FindAsync(result.Reference.Value);
        Assert.Equal(DemandStatus.Received, demand!.Status);
        var audit = Assert.Single(await AuditOfAsync(demand));
        Assert.Equal(AuditActions.DemandRegistered, audit.Action);
        Assert.Equal(TestUser.Reviewer1.User.Id, audit.ActorId);
    }

    [Fact]
    public async Task RegisterWithProblemsStoresNothingAndListsEveryProblem()
    {
        await using var before = app.CreateDbContext();
        var count = await before.Demands.CountAsync();

        var result = await As(TestUser.Reviewer1).RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), "not an email@", "+12") with
        {
            AgencyName = "",
            AgencyCountry = "XX",
        }, new UploadedDocument("order.pdf", "GIF89a not a pdf"u8.ToArray()));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Field == nameof(DemandRegistration.AgencyName));
        Assert.Contains(result.Problems, p => p.Field == nameof(DemandRegistration.AgencyCountry));
        Assert.Contains(result.Problems, p => p.Field == "Targets[0]");
        Assert.Contains(result.Problems, p => p.Field == "Targets[1]");
        Assert.Contains(result.Problems, p => p.Field == nameof(DemandRegistration.OrderDocument) && p.Message.Contains("not a PDF", StringComparison.Ordinal));
        await using var after = app.CreateDbContext();
        Assert.Equal(count, await after.Demands.CountAsync());
    }

    [Fact]
    public async Task RegisterKeepsTheOrderDocumentByItsHash()
    {
        var pdf = TestPdfs.Order;
        var result = await As(TestUser.Reviewer1).RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), await KnownEmailAsync()),
            new UploadedDocument("../../etc/passwd order.pdf", pdf));

        var demand = await As(TestUser.Reviewer1).FindAsync(result.Reference!.Value);
        Assert.Equal(pdf.Length, demand!.OrderDocument!.SizeBytes);
        Assert.Equal("passwd order.pdf", demand.OrderDocument.FileName);
        await using var db = app.CreateDbContext();
        var stored = await db.Documents.SingleAsync(d => d.Sha256 == demand.OrderDocument.Sha256);
        Assert.Equal(pdf, stored.Content);
    }

    [Fact]
    public async Task RegisterWarnsAboutTheSameAgencyAndCaseNumber()
    {
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow(), await KnownEmailAsync());
        var first = await As(TestUser.Reviewer1).RegisterAsync(registration, null);
        var second = await As(TestUser.Reviewer2).RegisterAsync(registration, null);

        Assert.Empty(first.Warnings);
        Assert.Contains(second.Warnings, w => w.Contains(first.Reference!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheApprovedScopeReadBackIsTheValueThatWasApproved()
    {
        var demand = await InReviewAsync();
        var identifier = demand.RequestedScope.Identifiers[0];
        var range = new DateRange(demand.CoveredRange!.From.AddDays(10), demand.CoveredRange.To);

        var approved = await As(TestUser.Reviewer1).ApprovePartiallyAsync(demand.Reference.Value, demand.Version, Reason,
            [identifier], [DataCategory.ConnectionHistory], range);

        // In memory: the validated value itself, kept by the decision (no rebuild).
        Assert.Same(approved.Decisions[^1].ApprovedScope, approved.ApprovedScope);
        // Read back by another context: the same identifiers (typed, not "Kind:value" strings), categories and range.
        var read = (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!;
        Assert.True(read.ApprovedScope!.IsSameAs(approved.ApprovedScope!));
        Assert.Equal([identifier], read.ApprovedScope.Identifiers);
        Assert.Equal(identifier.Kind, read.ApprovedScope.Identifiers[0].Kind);
        Assert.Equal(range, read.ApprovedScope.DateRange);
        // The stored form is unchanged: a JSON array of "Kind:value".
        await using var db = app.CreateDbContext();
        var stored = await db.Database.SqlQuery<string>($"SELECT ApprovedIdentifiers AS Value FROM ReviewDecisions WHERE DemandId = {demand.Id}").SingleAsync();
        Assert.Equal($"[\"{identifier.Kind}:{identifier.Value}\"]", stored);
    }

    [Fact]
    public async Task ApprovalMovesToSignOffWithASnapshotOfTheApprovedScopeOnly()
    {
        var demand = await InReviewAsync();
        var identifier = demand.RequestedScope.Identifiers[0];
        var range = new DateRange(demand.CoveredRange!.From.AddDays(10), demand.CoveredRange.To);

        var approved = await As(TestUser.Reviewer1).ApprovePartiallyAsync(demand.Reference.Value, demand.Version, Reason,
            [identifier], [DataCategory.ConnectionHistory], range);

        Assert.Equal(DemandStatus.AwaitingSignOff, approved.Status);
        await using var db = app.CreateDbContext();
        var snapshot = ComplianceReview.Domain.CustomerData.DataSnapshot.FromJson((await db.Snapshots.SingleAsync(s => s.DemandId == demand.Id)).Json);
        var records = Assert.Single(snapshot.Identifiers);
        Assert.Equal(identifier.Value, records.Identifier);
        var category = Assert.Single(records.Categories);
        Assert.Equal(DataCategory.ConnectionHistory, category.Category);
        // The customer has sign-ins on both sides of the range: the snapshot holds exactly those inside it.
        var signIns = await db.SignIns.AsNoTracking()
            .Where(s => s.CustomerId == db.Customers.Single(c => c.Email == identifier.Value).Id).Select(s => s.SignedInAt).ToListAsync();
        Assert.Contains(signIns, at => !range.Contains(at));
        var inside = signIns.Where(range.Contains).ToList();
        Assert.NotEmpty(inside);
        Assert.Equal(inside.Count, category.Rows.Count);
        Assert.All(category.Rows, row => Assert.True(range.Contains(DateTimeOffset.Parse(row[0].Replace(" UTC", "Z", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal([AuditActions.DemandRegistered, AuditActions.ReviewStarted, AuditActions.SnapshotTaken, AuditActions.DemandApprovedPartially],
            (await AuditOfAsync(demand)).Select(e => e.Action));
    }

    [Fact]
    public async Task APhoneNumberTwoCustomersShareIsBlockingCannotBeApprovedAndCanBeNarrowedAway()
    {
        await using (var db = app.CreateDbContext())
        {
            db.Customers.AddRange(SharingPhone("acct-shares-a", "Sasha Sharer"), SharingPhone("acct-shares-b", "Robin Sharer"));
            await db.SaveChangesAsync();
        }
        var email = await KnownEmailAsync();
        var demand = await InReviewAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email, "+1 (415) 555-9876"));

        var finding = Assert.Single(await As(TestUser.Reviewer1).EvaluateAsync(demand), f => f.Code == FindingCode.AmbiguousIdentifier);
        Assert.Equal((FindingSeverity.Blocking, "+14155559876"), (finding.Severity, finding.Subject));
        Assert.Contains("matches 2 accounts", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sharer", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("acct-shares", finding.Message, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<AmbiguousIdentifierException>(() => As(TestUser.Reviewer1).ApproveAsync(demand.Reference.Value, demand.Version, Reason));
        Assert.Contains("+14155559876 matches 2 accounts", refused.Message, StringComparison.Ordinal);
        Assert.Equal((DemandStatus.InReview, demand.Version), await StatusAsync(demand));
        await using (var db = app.CreateDbContext()) Assert.False(await db.Snapshots.AnyAsync(s => s.DemandId == demand.Id));

        var narrowed = await As(TestUser.Reviewer1).ApprovePartiallyAsync(demand.Reference.Value, demand.Version, Reason,
            [AccountIdentifier.Parse(email)], [DataCategory.SubscriberIdentity], null);
        Assert.Equal(DemandStatus.AwaitingSignOff, narrowed.Status);
        await using (var db = app.CreateDbContext())
        {
            var snapshot = DataSnapshot.FromJson((await db.Snapshots.SingleAsync(s => s.DemandId == demand.Id)).Json);
            Assert.Equal([email], snapshot.Identifiers.Select(i => i.Identifier));
            Assert.DoesNotContain("Sharer", snapshot.CanonicalJson(), StringComparison.Ordinal);
        }
    }

    private static ComplianceReview.App.CustomerData.Customer SharingPhone(string accountId, string name) => new()
    {
        AccountId = accountId,
        Email = accountId + "@contoso.com",
        PhoneNumber = "+14155559876",
        Name = name,
        State = "California",
        Country = "US",
        ZipCode = "94105",
        CreatedAt = SharedAccountCreatedAt,
        RegistrationIp = "203.0.113.9",
        PaymentInstrument = "Visa •••• 1111",
        BillingAddress = "9 Shared Street",
    };

    private static readonly DateTimeOffset SharedAccountCreatedAt = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<(DemandStatus, int)> StatusAsync(LegalDemand demand)
    {
        var current = (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!;
        return (current.Status, current.Version);
    }

    [Fact]
    public async Task ApprovingMoreThanTheProcessAllowsIsRefused()
    {
        var demand = await InReviewAsync(Registrations.Subpoena(app.Time.GetUtcNow(), await KnownEmailAsync()) with
        {
            Categories = [DataCategory.SubscriberIdentity, DataCategory.EmailContent],
        });

        var error = await Assert.ThrowsAsync<DomainException>(() => As(TestUser.Reviewer1).ApproveAsync(demand.Reference.Value, demand.Version, Reason));
        Assert.Contains("content", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DemandStatus.InReview, (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!.Status);
    }

    [Fact]
    public async Task RejectRecordsReasonCodeTextAndOutcome()
    {
        var demand = await InReviewAsync();
        var rejected = await As(TestUser.Reviewer1).RejectAsync(demand.Reference.Value, demand.Version, RejectionReason.WrongJurisdiction,
            "The issuing court has no jurisdiction over this provider.");

        Assert.Equal(DemandStatus.Rejected, rejected.Status);
        Assert.Equal(Outcome.Rejected, rejected.Outcome);
        var decision = Assert.Single(rejected.Decisions);
        Assert.Equal(RejectionReason.WrongJurisdiction, decision.ReasonCode);
        Assert.Equal(TestUser.Reviewer1.User.Id, decision.DecidedById);
    }

    [Fact]
    public async Task ShortReasonIsRefused()
    {
        var demand = await InReviewAsync();
        await Assert.ThrowsAsync<DomainException>(() => As(TestUser.Reviewer1).RejectAsync(demand.Reference.Value, demand.Version, RejectionReason.Other, "too short"));
    }

    [Fact]
    public async Task PreservationIsPreservedExtendedOnceAndReleased()
    {
        var demand = await InReviewAsync(Registrations.Preservation(app.Time.GetUtcNow()));
        var service = As(TestUser.Reviewer1);

        var preserved = await service.PreserveAsync(demand.Reference.Value, demand.Version, Reason);
        Assert.Equal(app.Time.GetUtcNow().AddDays(90), preserved.PreservedUntil);
        var extended = await service.ExtendPreservationAsync(demand.Reference.Value, preserved.Version, Reason);
        Assert.Equal(app.Time.GetUtcNow().AddDays(180), extended.PreservedUntil);
        await Assert.ThrowsAsync<DomainException>(() => service.ExtendPreservationAsync(demand.Reference.Value, extended.Version, Reason));
        var released = await service.ReleaseAsync(demand.Reference.Value, extended.Version, Reason);
        Assert.Equal(DemandStatus.Released, released.Status);
    }

    public static TheoryData<string, string> ReviewerActionsRefusedToOtherRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in new[] { "register", "start", "approve", "approvePartially", "reject", "preserve" })
        foreach (var user in new[] { "legal", "auditor", "admin" })
            data.Add(action, user);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReviewerActionsRefusedToOtherRoles))]
    public async Task ReviewerActionsAreRefusedToOtherRolesAndTheRefusalIsAudited(string action, string userName)
    {
        var user = userName switch { "legal" => TestUser.LegalLead1, "auditor" => TestUser.Auditor, _ => TestUser.Admin };
        var preservation = action == "preserve";
        var demand = action == "start" ? await RegisterAsync()
            : await InReviewAsync(preservation ? Registrations.Preservation(app.Time.GetUtcNow()) : null);
        var service = As(user);
        var reference = demand.Reference.Value;

        Func<Task> attempt = action switch
        {
            "register" => () => service.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow()), null),
            "start" => () => service.StartReviewAsync(reference, demand.Version),
            "approve" => () => service.ApproveAsync(reference, demand.Version, Reason),
            "approvePartially" => () => service.ApprovePartiallyAsync(reference, demand.Version, Reason, demand.RequestedScope.Identifiers, [DataCategory.SubscriberIdentity], null),
            "reject" => () => service.RejectAsync(reference, demand.Version, RejectionReason.Other, Reason),
            _ => () => service.PreserveAsync(reference, demand.Version, Reason),
        };

        await Assert.ThrowsAsync<AccessDeniedException>(attempt);

        var after = await As(TestUser.Reviewer1).FindAsync(reference);
        Assert.Equal(demand.Status, after!.Status);
        Assert.Equal(demand.Version, after.Version);
        await using var db = app.CreateDbContext();
        var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(AuditActions.AccessDenied, last.Action);
        Assert.Equal(user.User.Id, last.ActorId);
    }

    [Theory]
    [InlineData("reviewer")]
    [InlineData("auditor")]
    public async Task SignOffActionsAreRefusedToNonLegalLeads(string userName)
    {
        var user = userName == "reviewer" ? TestUser.Reviewer2 : TestUser.Auditor;
        var demand = await InReviewAsync();
        demand = await As(TestUser.Reviewer1).ApproveAsync(demand.Reference.Value, demand.Version, Reason);

        await Assert.ThrowsAsync<AccessDeniedException>(() => As(user).SignOffAsync(demand.Reference.Value, demand.Version, new string('0', 64)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => As(user).SendBackAsync(demand.Reference.Value, demand.Version, "Narrow the date range please."));
        Assert.Equal(DemandStatus.AwaitingSignOff, (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!.Status);
    }

    [Fact]
    public async Task SendBackByALegalLeadReturnsTheDemandToReview()
    {
        var demand = await InReviewAsync();
        demand = await As(TestUser.Reviewer1).ApproveAsync(demand.Reference.Value, demand.Version, Reason);
        var back = await As(TestUser.LegalLead1).SendBackAsync(demand.Reference.Value, demand.Version, "Narrow the date range to the incident.");

        Assert.Equal(DemandStatus.InReview, back.Status);
        Assert.Equal(SignOffKind.SentBack, Assert.Single(back.SignOffs).Kind);
    }

    [Fact]
    public async Task ALegalLeadWhoDecidedCannotSendBackOrSign()
    {
        var demand = await InReviewAsync();
        demand = await As(TestUser.ReviewerAndLead).TakeOverAsync(demand.Reference.Value, demand.Version, "Robin reviews this one as well.");
        demand = await As(TestUser.ReviewerAndLead).ApproveAsync(demand.Reference.Value, demand.Version, Reason);

        var error = await Assert.ThrowsAsync<FourEyesViolation>(() => As(TestUser.ReviewerAndLead).SendBackAsync(demand.Reference.Value, demand.Version, "Looks wrong to me."));
        Assert.Equal(FourEyes.Message, error.Message);
        await Assert.ThrowsAsync<FourEyesViolation>(() => As(TestUser.ReviewerAndLead).SignOffAsync(demand.Reference.Value, demand.Version, new string('0', 64)));
    }

    [Fact]
    public async Task AStaleVersionIsAConflictAndChangesNothing()
    {
        var demand = await RegisterAsync();
        await As(TestUser.Reviewer1).StartReviewAsync(demand.Reference.Value, demand.Version);

        var conflict = await Assert.ThrowsAsync<DemandConflictException>(() => As(TestUser.Reviewer2).StartReviewAsync(demand.Reference.Value, demand.Version));
        Assert.Contains("changed by someone else", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(TestUser.Reviewer1.User.Id, (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!.AssignedReviewerId);
    }

    [Fact]
    public async Task TwentyConcurrentDecisionsOnOneDemandHaveExactlyOneWinner()
    {
        var demand = await InReviewAsync();
        // The assignee in twenty tabs (deciding needs the assignee): the version, not the person, decides who wins.
        var reviewers = Enumerable.Range(0, 20).Select(i => new TestUser(TestUser.Reviewer1.User.Id, $"Riley in tab {i}", Roles.Reviewer)).ToList();
        using var start = new ManualResetEventSlim(false);

        var attempts = reviewers.Select((user, i) => Task.Run(async () =>
        {
            start.Wait();
            var service = As(user);
            return i % 2 == 0
                ? await service.ApproveAsync(demand.Reference.Value, demand.Version, Reason)
                : await service.RejectAsync(demand.Reference.Value, demand.Version, RejectionReason.OverBroad, Reason);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try { return (Winner: (LegalDemand?)await t, Conflict: (Exception?)null); }
            catch (DemandConflictException e) { return (Winner: (LegalDemand?)null, Conflict: (Exception?)e); }
        }));

        var winner = Assert.Single(outcomes, o => o.Winner is not null).Winner!;
        Assert.Equal(19, outcomes.Count(o => o.Conflict is not null));
        var stored = (await As(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!;
        Assert.Equal(winner.Status, stored.Status);
        Assert.Equal(winner.Version, stored.Version);
        var decision = Assert.Single(stored.Decisions);
        Assert.Equal(winner.Decisions[^1].DecidedById, decision.DecidedById);
        var decisionsAudited = (await AuditOfAsync(demand)).Count(e => e.Action is AuditActions.DemandApproved or AuditActions.DemandRejected);
        Assert.Equal(1, decisionsAudited);
    }
}
