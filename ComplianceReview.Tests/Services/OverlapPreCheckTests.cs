using ComplianceReview.App.CustomerData;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Services;

/// <summary>Duplicate and overlap pre-checks on the real app and database: same case, same order, same account by another identifier.</summary>
public sealed class OverlapPreCheckTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private DemandService Reviewer => app.ServiceAs<DemandService>(TestUser.Reviewer1);

    /// <summary>A seeded customer no other test of this class names, by its position.</summary>
    private async Task<Customer> CustomerAsync(int index)
    {
        await using var db = app.CreateDbContext();
        return await db.Customers.AsNoTracking().OrderBy(c => c.Id).Skip(index).FirstAsync();
    }

    private async Task<(DemandReference Reference, IReadOnlyList<Finding> Findings)> RegisterAsync(DemandRegistration registration, UploadedDocument? document = null)
    {
        var result = await Reviewer.RegisterAsync(registration, document);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return (result.Reference!, result.Findings);
    }

    [Fact]
    public async Task TheSameAgencyAndCaseNumberIsAFindingNamingTheFirstDemand()
    {
        var customer = await CustomerAsync(30);
        var registration = Registrations.CourtOrder(app.Time.GetUtcNow(), customer.Email);
        var (first, firstFindings) = await RegisterAsync(registration);

        var (_, findings) = await RegisterAsync(registration with { Targets = [(await CustomerAsync(31)).Email] });

        Assert.DoesNotContain(firstFindings, f => f.Code == FindingCode.SameAgencyAndCaseNumber);
        var finding = Assert.Single(findings, f => f.Code == FindingCode.SameAgencyAndCaseNumber);
        Assert.Equal(first.Value, finding.Subject);
        Assert.Contains(registration.CaseNumber, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameOrderDocumentIsAFindingWhateverTheCaseNumber()
    {
        var order = new UploadedDocument("order.pdf", TestPdfs.Order);
        var (first, _) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), (await CustomerAsync(32)).Email), order);

        var (_, findings) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), (await CustomerAsync(33)).Email), order);

        Assert.Contains(findings, f => f.Code == FindingCode.SameOrderDocument && f.Subject == first.Value);
    }

    [Fact]
    public async Task AnOpenDemandAboutTheSameAccountByAnotherIdentifierIsAFinding()
    {
        var customer = await CustomerAsync(34);
        var (first, _) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), customer.Email));
        var unrelated = await CustomerAsync(35);

        var (_, findings) = await RegisterAsync(Registrations.Subpoena(app.Time.GetUtcNow(), customer.AccountId));
        var (_, control) = await RegisterAsync(Registrations.Subpoena(app.Time.GetUtcNow(), unrelated.AccountId));

        var finding = Assert.Single(findings, f => f.Code == FindingCode.SameAccountInOtherDemand && f.Subject == first.Value);
        Assert.Contains(customer.AccountId.ToLowerInvariant(), finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(control, f => f.Code == FindingCode.SameAccountInOtherDemand && f.Subject == first.Value);
    }

    [Fact]
    public async Task ADemandClosedLongAgoAboutTheSameAccountIsNoFinding()
    {
        var customer = await CustomerAsync(36);
        var (old, _) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), customer.Email));
        var inReview = await Reviewer.StartReviewAsync(old.Value, 0);
        await Reviewer.RejectAsync(old.Value, inReview.Version, RejectionReason.InsufficientLegalProcess, "The order is not signed by a judge.");

        // Time only moves forward; the other tests of this class take their dates from the clock, so they do not mind.
        app.Time.Advance(TimeSpan.FromDays(OverlapChecks.RecentDays + 1));
        var (_, findings) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), customer.AccountId));

        Assert.DoesNotContain(findings, f => f.Code == FindingCode.SameAccountInOtherDemand && f.Subject == old.Value);
    }

    [Fact]
    public async Task OneAccountNamedTwiceIsOneFindingOneSectionAndCountedOnce()
    {
        var customer = await CustomerAsync(37);
        var (reference, findings) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), customer.Email, customer.AccountId));

        var named = Assert.Single(findings, f => f.Code == FindingCode.AccountNamedTwice);
        Assert.Contains(customer.Email.ToLowerInvariant(), named.Message, StringComparison.Ordinal);
        var demand = (await Reviewer.FindAsync(reference.Value))!;
        Assert.Equal(1, demand.SpecifiedAccountCount);
        Assert.Equal(2, demand.Targets.Count);
        Assert.Single(demand.Targets.Select(t => t.ResolvedAccountId).Distinct());
        var accounts = await Reviewer.ResolvedAccountsAsync(demand);
        Assert.Equal(customer.AccountId.ToLowerInvariant(), accounts[customer.Email.ToLowerInvariant()]);
        Assert.Equal(customer.AccountId.ToLowerInvariant(), accounts[customer.AccountId.ToLowerInvariant()]);

        var inReview = await Reviewer.StartReviewAsync(reference.Value, demand.Version);
        await Reviewer.ApproveAsync(reference.Value, inReview.Version, Reason);

        await using var db = app.CreateDbContext();
        var stored = await db.Snapshots.AsNoTracking().SingleAsync(s => s.DemandId == demand.Id);
        var snapshot = DataSnapshot.FromJson(stored.Json);
        var section = Assert.Single(snapshot.Identifiers);
        Assert.Equal(customer.Email.ToLowerInvariant(), section.Identifier);
        Assert.Equal([customer.AccountId.ToLowerInvariant()], section.AlsoNamedAs);
        Assert.True(section.RecordCount > 0);
        Assert.Equal(section.RecordCount, snapshot.RecordCount);
    }

    [Fact]
    public async Task TwoAccountsAreTwoSectionsAndTwoAccounts()
    {
        // The planted counterpart: different accounts are never merged.
        var (reference, findings) = await RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), (await CustomerAsync(38)).Email, (await CustomerAsync(39)).AccountId));

        Assert.DoesNotContain(findings, f => f.Code == FindingCode.AccountNamedTwice);
        var demand = (await Reviewer.FindAsync(reference.Value))!;
        Assert.Equal(2, demand.SpecifiedAccountCount);
        var inReview = await Reviewer.StartReviewAsync(reference.Value, demand.Version);
        await Reviewer.ApproveAsync(reference.Value, inReview.Version, Reason);
        await using var db = app.CreateDbContext();
        var snapshot = DataSnapshot.FromJson((await db.Snapshots.AsNoTracking().SingleAsync(s => s.DemandId == demand.Id)).Json);
        Assert.Equal(2, snapshot.Identifiers.Count);
        Assert.All(snapshot.Identifiers, i => Assert.Null(i.AlsoNamedAs));
    }
}
