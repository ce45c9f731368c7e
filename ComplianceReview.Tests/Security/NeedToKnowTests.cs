using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// Who may read a demand's customer data (the package rendered from its snapshot), enforced by the service whatever page
/// or endpoint asks: before sign-off the demand's own reviewers and legal leads; after it legal leads and auditors. A
/// refusal is an <c>AccessDenied</c> entry saying "need-to-know". The HTTP side is in <see cref="AuthorizationMatrixTests"/>.
/// </summary>
public sealed class NeedToKnowTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    public static TheoryData<string, bool, bool> Cases() => new()
    {
        // user, allowed before sign-off, allowed after
        { "dev-reviewer-1", true, false },  // decided on the demand
        { "dev-reviewer-2", false, false }, // a reviewer, but not of this demand
        { "dev-legallead-1", true, true },
        { "dev-legallead-2", true, true },  // signed it off
        { "dev-auditor-1", false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ThePackageIsReadByWhoNeedsItBeforeAndAfterSignOff(string userId, bool before, bool after)
    {
        var user = TestUser.All.Single(u => u.User.Id == userId);
        var reference = await PackageAwaitingSignOffAsync();

        await AssertReadAsync(user, reference, before);
        await SignOffAsync(reference);
        await AssertReadAsync(user, reference, after);
    }

    [Fact]
    public void TheRuleSitsInTheDemand()
    {
        var other = new UserRef("oid-other", "Olive Other");
        var awaiting = DemandBuilder.CourtOrder().AwaitingSignOff().Build();
        var disclosed = DemandBuilder.CourtOrder().Disclosed().Build();
        var inReview = DemandBuilder.CourtOrder().InReview().Build(); // assigned to the builder's reviewer, nobody decided yet

        Assert.Null(awaiting.CustomerDataRefusal(DemandBuilder.Reviewer, CustomerDataReader.Reviewer));
        Assert.Null(inReview.CustomerDataRefusal(DemandBuilder.Reviewer, CustomerDataReader.Reviewer));
        Assert.NotNull(awaiting.CustomerDataRefusal(other, CustomerDataReader.Reviewer));
        Assert.Null(awaiting.CustomerDataRefusal(other, CustomerDataReader.LegalLead));
        Assert.NotNull(awaiting.CustomerDataRefusal(other, CustomerDataReader.Auditor));
        Assert.NotNull(awaiting.CustomerDataRefusal(DemandBuilder.Reviewer, CustomerDataReader.None)); // the person alone is not enough
        Assert.NotNull(disclosed.CustomerDataRefusal(DemandBuilder.Reviewer, CustomerDataReader.Reviewer));
        Assert.Null(disclosed.CustomerDataRefusal(other, CustomerDataReader.Auditor));
        Assert.Null(disclosed.CustomerDataRefusal(other, CustomerDataReader.LegalLead));
        Assert.Null(disclosed.CustomerDataRefusal(DemandBuilder.Reviewer, CustomerDataReader.Reviewer | CustomerDataReader.Auditor));
    }

    private async Task AssertReadAsync(TestUser user, string reference, bool allowed)
    {
        var packages = app.ServiceAs<PackageService>(user);
        await using var db = app.CreateDbContext();
        var last = await db.AuditEntries.MaxAsync(e => e.Sequence);
        if (allowed)
        {
            var file = await packages.DownloadAsync(reference);
            Assert.NotEmpty(file.Content);
            var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > last).ToListAsync());
            Assert.Equal(AuditActions.PackageDownloaded, entry.Action);
            return;
        }
        await Assert.ThrowsAsync<AccessDeniedException>(() => packages.DownloadAsync(reference));
        var refusal = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > last).ToListAsync());
        Assert.Equal((AuditActions.AccessDenied, user.User.Id, reference), (refusal.Action, refusal.ActorId, refusal.DemandReference));
        Assert.Contains("\"requiredRole\":\"need-to-know\"", refusal.DetailsJson, StringComparison.Ordinal);
    }

    private async Task<string> PackageAwaitingSignOffAsync()
    {
        await using var db = app.CreateDbContext();
        var email = await db.Customers.OrderBy(c => c.Id).Select(c => c.Email).FirstAsync();
        var reviewer = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var registered = await reviewer.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email), null);
        var started = await reviewer.StartReviewAsync(registered.Reference!.Value, 0);
        var approved = await reviewer.ApproveAsync(started.Reference.Value, started.Version, Reason);
        await app.ServiceAs<PackageService>(TestUser.LegalLead2).PrepareForSignOffAsync(approved.Reference.Value, approved.Version);
        return approved.Reference.Value;
    }

    private async Task SignOffAsync(string reference)
    {
        var demand = (await app.ServiceAs<DemandService>(TestUser.LegalLead2).FindAsync(reference))!;
        await app.ServiceAs<DemandService>(TestUser.LegalLead2).SignOffAsync(reference, demand.Version, demand.Package!.Sha256);
    }
}
