using System.Reflection;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// The services decide, not the pages: every public async method of <see cref="DemandService"/> and
/// <see cref="PackageService"/> is in this table with the roles it lets through, each other role is refused with
/// nothing changed and the refusal audited, and the allowed role is let through (so the table cannot be vacuous).
/// </summary>
public sealed class ServiceAuthorizationTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    /// <summary>InReview and the preservation stages are handed over to <see cref="TestUser.Reviewer2"/> (who decides); InReviewByOther stays with Reviewer1.</summary>
    public enum Stage { Received, InReview, InReviewByOther, AwaitingSignOff, PackageReady, Disclosed, EmergencyDisclosed, PreservationInReview, Preserved }

    private sealed record Arranged(LegalDemand Demand, string? PackageSha256);

    /// <summary>Who may call, the stage the demand must be in, what the call records when it succeeds, and the call.</summary>
    private sealed record Guarded(string[] Roles, Stage Stage, string Audited, Func<SeededAppFactory, TestUser, Arranged, Task> Call);

    private static readonly Dictionary<string, TestUser> UserFor = new()
    {
        // Not the reviewer who arranged the demand, so four-eyes is not what refuses; decisions are handed over to them first.
        [Roles.Reviewer] = TestUser.Reviewer2,
        [Roles.LegalLead] = TestUser.LegalLead1,
        [Roles.Auditor] = TestUser.Auditor,
        [Roles.Admin] = TestUser.Admin,
    };

    private static Task Demands(SeededAppFactory app, TestUser user, Func<DemandService, Task> call) => call(app.ServiceAs<DemandService>(user));

    private static Task Packages(SeededAppFactory app, TestUser user, Func<PackageService, Task> call) => call(app.ServiceAs<PackageService>(user));

    private static readonly Dictionary<string, Guarded> Methods = new()
    {
        [$"{nameof(DemandService)}.{nameof(DemandService.OpenAsync)}"] = new([Roles.Reviewer, Roles.LegalLead, Roles.Auditor], Stage.Received, AuditActions.DemandViewed,
            (a, u, d) => Demands(a, u, s => s.OpenAsync(d.Demand.Reference.Value))),
        [$"{nameof(DemandService)}.{nameof(DemandService.RegisterAsync)}"] = new([Roles.Reviewer], Stage.Received, AuditActions.DemandRegistered,
            (a, u, _) => Demands(a, u, s => s.RegisterAsync(Registrations.CourtOrder(ComplianceAppFactory.DefaultNow), null))),
        [$"{nameof(DemandService)}.{nameof(DemandService.StartReviewAsync)}"] = new([Roles.Reviewer], Stage.Received, AuditActions.ReviewStarted,
            (a, u, d) => Demands(a, u, s => s.StartReviewAsync(d.Demand.Reference.Value, d.Demand.Version))),
        [$"{nameof(DemandService)}.{nameof(DemandService.AssignAsync)}"] = new([Roles.Reviewer], Stage.InReviewByOther, AuditActions.DemandAssigned,
            (a, u, d) => Demands(a, u, s => s.AssignAsync(d.Demand.Reference.Value, d.Demand.Version, TestUser.Reviewer2.User.Id, "Taking this on while Riley is away."))),
        [$"{nameof(DemandService)}.{nameof(DemandService.TakeOverAsync)}"] = new([Roles.Reviewer], Stage.InReviewByOther, AuditActions.DemandTakenOver,
            (a, u, d) => Demands(a, u, s => s.TakeOverAsync(d.Demand.Reference.Value, d.Demand.Version, "Riley is away this week."))),
        [$"{nameof(DemandService)}.{nameof(DemandService.ApproveAsync)}"] = new([Roles.Reviewer], Stage.InReview, AuditActions.DemandApproved,
            (a, u, d) => Demands(a, u, s => s.ApproveAsync(d.Demand.Reference.Value, d.Demand.Version, Reason))),
        [$"{nameof(DemandService)}.{nameof(DemandService.ApprovePartiallyAsync)}"] = new([Roles.Reviewer], Stage.InReview, AuditActions.DemandApprovedPartially,
            (a, u, d) => Demands(a, u, s => s.ApprovePartiallyAsync(d.Demand.Reference.Value, d.Demand.Version, Reason,
                d.Demand.RequestedScope.Identifiers.Take(1), [DataCategory.SubscriberIdentity], null))),
        [$"{nameof(DemandService)}.{nameof(DemandService.RejectAsync)}"] = new([Roles.Reviewer], Stage.InReview, AuditActions.DemandRejected,
            (a, u, d) => Demands(a, u, s => s.RejectAsync(d.Demand.Reference.Value, d.Demand.Version, RejectionReason.OverBroad, Reason))),
        [$"{nameof(DemandService)}.{nameof(DemandService.PreserveAsync)}"] = new([Roles.Reviewer], Stage.PreservationInReview, AuditActions.DemandPreserved,
            (a, u, d) => Demands(a, u, s => s.PreserveAsync(d.Demand.Reference.Value, d.Demand.Version, Reason))),
        [$"{nameof(DemandService)}.{nameof(DemandService.ExtendPreservationAsync)}"] = new([Roles.Reviewer], Stage.Preserved, AuditActions.PreservationExtended,
            (a, u, d) => Demands(a, u, s => s.ExtendPreservationAsync(d.Demand.Reference.Value, d.Demand.Version, Reason))),
        [$"{nameof(DemandService)}.{nameof(DemandService.ReleaseAsync)}"] = new([Roles.Reviewer], Stage.Preserved, AuditActions.PreservationReleased,
            (a, u, d) => Demands(a, u, s => s.ReleaseAsync(d.Demand.Reference.Value, d.Demand.Version, Reason))),
        [$"{nameof(DemandService)}.{nameof(DemandService.SignOffAsync)}"] = new([Roles.LegalLead], Stage.PackageReady, AuditActions.SignedOff,
            (a, u, d) => Demands(a, u, s => s.SignOffAsync(d.Demand.Reference.Value, d.Demand.Version, d.PackageSha256!))),
        [$"{nameof(DemandService)}.{nameof(DemandService.SendBackAsync)}"] = new([Roles.LegalLead], Stage.AwaitingSignOff, AuditActions.SentBack,
            (a, u, d) => Demands(a, u, s => s.SendBackAsync(d.Demand.Reference.Value, d.Demand.Version, "Narrow the date range please."))),
        [$"{nameof(DemandService)}.{nameof(DemandService.RecordCustomerNotificationAsync)}"] = new([Roles.Reviewer], Stage.Disclosed, ReportAuditActions.CustomerNotificationRecorded,
            (a, u, d) => Demands(a, u, s => s.RecordCustomerNotificationAsync(d.Demand.Reference.Value, d.Demand.Version,
                DateOnly.FromDateTime(a.Time.GetUtcNow().UtcDateTime), NotificationChannel.Email))),
        [$"{nameof(DemandService)}.{nameof(DemandService.RecordFollowUpProcessAsync)}"] = new([Roles.Reviewer], Stage.EmergencyDisclosed, ReportAuditActions.FollowUpProcessRecorded,
            (a, u, d) => Demands(a, u, s => s.RecordFollowUpProcessAsync(d.Demand.Reference.Value, d.Demand.Version,
                "Court order 12-345, District Court", DateOnly.FromDateTime(a.Time.GetUtcNow().UtcDateTime)))),
        [$"{nameof(PackageService)}.{nameof(PackageService.PrepareForSignOffAsync)}"] = new([Roles.LegalLead], Stage.AwaitingSignOff, AuditActions.PackageGenerated,
            (a, u, d) => Packages(a, u, s => s.PrepareForSignOffAsync(d.Demand.Reference.Value, d.Demand.Version))),
        // After sign-off, by role alone (need-to-know before it, where it turns on the person, is NeedToKnowTests').
        [$"{nameof(PackageService)}.{nameof(PackageService.DownloadAsync)}"] = new([Roles.LegalLead, Roles.Auditor], Stage.Disclosed, AuditActions.PackageDownloaded,
            (a, u, d) => Packages(a, u, s => s.DownloadAsync(d.Demand.Reference.Value))),
    };

    /// <summary>
    /// Reads with no role check of their own: they change nothing and audit nothing, and every caller in the app sits behind
    /// a page or endpoint policy (ViewDemands or Review). Listed so a new method cannot slip past the table unnoticed.
    /// </summary>
    private static readonly Dictionary<string, string> UnguardedReads = new()
    {
        [$"{nameof(DemandService)}.{nameof(DemandService.FindAsync)}"] = "loads a demand for pages and the order download (ViewDemands)",
        [$"{nameof(DemandService)}.{nameof(DemandService.EvaluateAsync)}"] = "pre-checks of a demand the caller already holds",
        [$"{nameof(DemandService)}.{nameof(DemandService.FindDuplicatesAsync)}"] = "duplicate warning on the intake form (Review)",
        [$"{nameof(DemandService)}.{nameof(DemandService.ResolvedAccountsAsync)}"] = "the identifier table of a demand the caller already holds (as EvaluateAsync)",
    };

    public static TheoryData<string, string> WrongRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, guarded) in Methods)
        {
            foreach (var role in Roles.All.Except(guarded.Roles)) data.Add(method, role);
        }
        return data;
    }

    public static TheoryData<string, string> RightRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, guarded) in Methods)
        {
            foreach (var role in guarded.Roles) data.Add(method, role);
        }
        return data;
    }

    [Fact]
    public void TheTableCoversEveryPublicAsyncMethodOfBothServices()
    {
        var methods = new[] { typeof(DemandService), typeof(PackageService) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(Methods.Keys.Concat(UnguardedReads.Keys).Order(StringComparer.Ordinal), methods);
    }

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public async Task AWrongRoleIsRefusedChangesNothingAndIsAudited(string method, string role)
    {
        var (_, stage, _, call) = Methods[method];
        var arranged = await ArrangeAsync(stage);
        var user = UserFor[role];
        await using var db = app.CreateDbContext();
        var demands = await db.Demands.CountAsync();
        var packages = await db.Packages.CountAsync();
        var lastSequence = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await Assert.ThrowsAsync<AccessDeniedException>(() => call(app, user, arranged));

        var after = (await app.ServiceAs<DemandService>(TestUser.Reviewer1).FindAsync(arranged.Demand.Reference.Value))!;
        Assert.Equal((arranged.Demand.Status, arranged.Demand.Version), (after.Status, after.Version));
        Assert.Equal((demands, packages), (await db.Demands.CountAsync(), await db.Packages.CountAsync()));
        var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > lastSequence).ToListAsync());
        Assert.Equal((AuditActions.AccessDenied, user.User.Id), (entry.Action, entry.ActorId));
    }

    [Theory]
    [MemberData(nameof(RightRoles))]
    public async Task TheRightRoleIsLetThrough(string method, string role)
    {
        var (_, stage, audited, call) = Methods[method];
        var arranged = await ArrangeAsync(stage);
        var user = UserFor[role];
        await using var db = app.CreateDbContext();
        var lastSequence = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await call(app, user, arranged);

        // Let through means it did its work: what it records on success is recorded, as this user, and nothing was refused.
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > lastSequence).ToListAsync();
        Assert.Contains(entries, e => e.Action == audited && e.ActorId == user.User.Id);
        Assert.DoesNotContain(entries, e => e.Action == AuditActions.AccessDenied);
    }

    [Fact]
    public async Task FourEyesComparesTheObjectIdNotTheName_SameNameOtherIdSigns()
    {
        var reviewer = new TestUser("oid-7f3a-reviewer", "Pat Example", Roles.Reviewer);
        var lead = new TestUser("oid-91c2-lead", "Pat Example", Roles.LegalLead);
        var demand = await ApprovedAsync(reviewer);

        var prepared = await app.ServiceAs<PackageService>(lead).PrepareForSignOffAsync(demand.Reference.Value, demand.Version);
        var signed = await app.ServiceAs<DemandService>(lead).SignOffAsync(demand.Reference.Value, prepared.DemandVersion, prepared.Sha256);

        Assert.Equal(DemandStatus.Disclosed, signed.Status);
    }

    [Fact]
    public async Task FourEyesComparesTheObjectIdNotTheName_OtherNameSameIdIsRefusedAndAudited()
    {
        var reviewer = new TestUser("oid-5d0e-both", "Pat Example", Roles.Reviewer);
        var sameOidAsLead = new TestUser("oid-5d0e-both", "Someone Else Entirely", Roles.LegalLead);
        var demand = await ApprovedAsync(reviewer);
        await using var db = app.CreateDbContext();
        var lastSequence = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await Assert.ThrowsAsync<FourEyesViolation>(() =>
            app.ServiceAs<PackageService>(sameOidAsLead).PrepareForSignOffAsync(demand.Reference.Value, demand.Version));
        await Assert.ThrowsAsync<FourEyesViolation>(() =>
            app.ServiceAs<DemandService>(sameOidAsLead).SendBackAsync(demand.Reference.Value, demand.Version, "Looks wrong to me."));

        var after = (await app.ServiceAs<DemandService>(reviewer).FindAsync(demand.Reference.Value))!;
        Assert.Equal((DemandStatus.AwaitingSignOff, demand.Version), (after.Status, after.Version));
        var refusals = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > lastSequence).ToListAsync();
        Assert.Equal(2, refusals.Count); // the package opening and the send-back, each refused and recorded
        Assert.All(refusals, refusal =>
        {
            Assert.Equal((AuditActions.AccessDenied, "oid-5d0e-both"), (refusal.Action, refusal.ActorId));
            Assert.Contains("four-eyes", refusal.DetailsJson, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AFourEyesRefusalOfSendBackIsAudited()
    {
        var reviewer = new TestUser("oid-2b44-both", "Pat Example", Roles.Reviewer);
        var sameOidAsLead = new TestUser("oid-2b44-both", "Pat Example", Roles.LegalLead);
        var demand = await ApprovedAsync(reviewer);
        await using var db = app.CreateDbContext();
        var lastSequence = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await Assert.ThrowsAsync<FourEyesViolation>(() =>
            app.ServiceAs<DemandService>(sameOidAsLead).SendBackAsync(demand.Reference.Value, demand.Version, "Looks wrong to me."));

        var refusal = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > lastSequence).ToListAsync());
        Assert.Equal(AuditActions.AccessDenied, refusal.Action);
    }

    private async Task<LegalDemand> ApprovedAsync(TestUser reviewer)
    {
        var service = app.ServiceAs<DemandService>(reviewer);
        var email = await CustomerEmailAsync();
        var reference = (await service.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), email), null)).Reference!.Value;
        var demand = await service.StartReviewAsync(reference, 0);
        return await service.ApproveAsync(reference, demand.Version, Reason);
    }

    private async Task<string> CustomerEmailAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Customers.OrderBy(c => c.Id).Select(c => c.Email).FirstAsync();
    }

    /// <summary>The decider (<see cref="UserFor"/>'s reviewer) is the assignee: the take-over rule is not what this table tests.</summary>
    private Task<LegalDemand> HandOverAsync(LegalDemand demand) =>
        app.ServiceAs<DemandService>(TestUser.Reviewer1).AssignAsync(demand.Reference.Value, demand.Version, TestUser.Reviewer2.User.Id, "Handed over for the test.");

    /// <summary>An emergency is approved only after a confirmed call-back to its directory agency (issue 19).</summary>
    private async Task<LegalDemand> ConfirmByPhoneAsync(string reference, int version)
    {
        await using var db = app.CreateDbContext();
        var agency = await db.DirectoryAgencies.AsNoTracking().FirstAsync(a => a.Status == ComplianceReview.Domain.Agencies.AgencyStatus.Verified);
        var requesters = app.ServiceAs<ComplianceReview.App.Services.Requesters.RequesterVerification>(TestUser.Reviewer1);
        var linked = await requesters.LinkAgencyAsync(reference, version, agency.Id);
        return await requesters.RecordCallBackAsync(reference, linked.Version, agency.Contacts[0].Id, CallBackOutcome.Confirmed, app.Time.GetUtcNow(),
            "Confirmed by the agency's liaison.");
    }

    private async Task<Arranged> ArrangeAsync(Stage stage)
    {
        var reviewer = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var now = app.Time.GetUtcNow();
        var registration = stage switch
        {
            Stage.PreservationInReview or Stage.Preserved => Registrations.Preservation(now),
            Stage.EmergencyDisclosed => Registrations.CourtOrder(now, await CustomerEmailAsync()) with
            {
                ProcessType = ProcessType.EmergencyRequest,
                EmergencyJustification = "Credible threat to life reported by the agency.",
            },
            _ => Registrations.CourtOrder(now, await CustomerEmailAsync()),
        };
        var reference = (await reviewer.RegisterAsync(registration, null)).Reference!.Value;
        var demand = (await reviewer.FindAsync(reference))!;
        if (stage == Stage.Received) return new(demand, null);
        demand = await reviewer.StartReviewAsync(reference, demand.Version);
        switch (stage)
        {
            case Stage.AwaitingSignOff:
                return new(await reviewer.ApproveAsync(reference, demand.Version, Reason), null);
            case Stage.PackageReady:
                demand = await reviewer.ApproveAsync(reference, demand.Version, Reason);
                var prepared = await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(reference, demand.Version);
                return new((await reviewer.FindAsync(reference))!, prepared.Sha256);
            case Stage.Disclosed or Stage.EmergencyDisclosed:
                if (stage == Stage.EmergencyDisclosed) demand = await ConfirmByPhoneAsync(reference, demand.Version);
                demand = await reviewer.ApproveAsync(reference, demand.Version, Reason);
                var package = await app.ServiceAs<PackageService>(TestUser.LegalLead2).PrepareForSignOffAsync(reference, demand.Version);
                return new(await app.ServiceAs<DemandService>(TestUser.LegalLead2).SignOffAsync(reference, package.DemandVersion, package.Sha256), package.Sha256);
            case Stage.Preserved:
                demand = await reviewer.PreserveAsync(reference, demand.Version, Reason);
                return new(await HandOverAsync(demand), null);
            case Stage.InReview or Stage.PreservationInReview:
                return new(await HandOverAsync(demand), null);
            default:
                return new(demand, null);
        }
    }
}
