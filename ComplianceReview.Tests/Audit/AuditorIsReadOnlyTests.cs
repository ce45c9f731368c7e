using System.Reflection;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Audit;

/// <summary>The auditor is read-only everywhere: every state-changing method of the demand service refuses them, changes nothing, and records the refusal.</summary>
public sealed class AuditorIsReadOnlyTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private enum Stage { Received, InReview, AwaitingSignOff, PreservationInReview, Preserved }

    /// <summary>Each method, the state in which it would be legal, and a call with valid arguments.</summary>
    private static readonly Dictionary<string, (Stage Stage, Func<DemandService, LegalDemand, Task> Call)> Methods = new()
    {
        [nameof(DemandService.RegisterAsync)] = (Stage.Received, (s, _) => s.RegisterAsync(Registrations.CourtOrder(ComplianceAppFactory.DefaultNow), null)),
        [nameof(DemandService.StartReviewAsync)] = (Stage.Received, (s, d) => s.StartReviewAsync(d.Reference.Value, d.Version)),
        [nameof(DemandService.ApproveAsync)] = (Stage.InReview, (s, d) => s.ApproveAsync(d.Reference.Value, d.Version, Reason)),
        [nameof(DemandService.ApprovePartiallyAsync)] = (Stage.InReview, (s, d) => s.ApprovePartiallyAsync(d.Reference.Value, d.Version, Reason,
            d.RequestedScope.Identifiers.Take(1), [DataCategory.SubscriberIdentity], null)),
        [nameof(DemandService.AssignAsync)] = (Stage.InReview, (s, d) => s.AssignAsync(d.Reference.Value, d.Version, "dev-reviewer-2", "Over to Sam.")),
        [nameof(DemandService.TakeOverAsync)] = (Stage.InReview, (s, d) => s.TakeOverAsync(d.Reference.Value, d.Version, "Riley is away.")),
        [nameof(DemandService.RejectAsync)] = (Stage.InReview, (s, d) => s.RejectAsync(d.Reference.Value, d.Version, RejectionReason.OverBroad, Reason)),
        [nameof(DemandService.PreserveAsync)] = (Stage.PreservationInReview, (s, d) => s.PreserveAsync(d.Reference.Value, d.Version, Reason)),
        [nameof(DemandService.ExtendPreservationAsync)] = (Stage.Preserved, (s, d) => s.ExtendPreservationAsync(d.Reference.Value, d.Version, Reason)),
        [nameof(DemandService.ReleaseAsync)] = (Stage.Preserved, (s, d) => s.ReleaseAsync(d.Reference.Value, d.Version, Reason)),
        [nameof(DemandService.SignOffAsync)] = (Stage.AwaitingSignOff, (s, d) => s.SignOffAsync(d.Reference.Value, d.Version, new string('0', 64))),
        [nameof(DemandService.SendBackAsync)] = (Stage.AwaitingSignOff, (s, d) => s.SendBackAsync(d.Reference.Value, d.Version, "Narrow the date range please.")),
        // The role check comes before the demand is loaded, so any stage shows the refusal.
        [nameof(DemandService.RecordFollowUpProcessAsync)] = (Stage.Received, (s, d) => s.RecordFollowUpProcessAsync(d.Reference.Value, d.Version, "Court order 12, District Court", new DateOnly(2026, 11, 1))),
        [nameof(DemandService.RecordCustomerNotificationAsync)] = (Stage.Received, (s, d) => s.RecordCustomerNotificationAsync(d.Reference.Value, d.Version, new DateOnly(2026, 11, 1), NotificationChannel.Email)),
    };

    /// <summary>Methods that only read (viewing is audited, but changes no demand).</summary>
    private static readonly string[] Reads =
        [nameof(DemandService.FindAsync), nameof(DemandService.OpenAsync), nameof(DemandService.EvaluateAsync), nameof(DemandService.FindDuplicatesAsync),
            nameof(DemandService.ResolvedAccountsAsync)];

    public static TheoryData<string> StateChangingMethods => [.. Methods.Keys];

    [Fact]
    public void TheTableCoversEveryPublicMethodOfTheDemandServiceThatIsNotARead()
    {
        var asyncMethods = typeof(DemandService).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType))
            .Select(m => m.Name)
            .Distinct()
            .Except(Reads)
            .Order();

        Assert.Equal(Methods.Keys.Order(), asyncMethods);
    }

    [Theory]
    [MemberData(nameof(StateChangingMethods))]
    public async Task TheAuditorIsRefused(string method)
    {
        var (stage, call) = Methods[method];
        var demand = await ArrangeAsync(stage);
        await using var db = app.CreateDbContext();
        var demands = await db.Demands.CountAsync();
        var lastSequence = await db.AuditEntries.MaxAsync(e => e.Sequence);

        var refusal = await Assert.ThrowsAsync<AccessDeniedException>(() => call(app.ServiceAs<DemandService>(TestUser.Auditor), demand));

        Assert.Contains("Your role does not allow you", refusal.Message, StringComparison.Ordinal);
        var after = (await app.ServiceAs<DemandService>(TestUser.Reviewer1).FindAsync(demand.Reference.Value))!;
        Assert.Equal((demand.Status, demand.Version), (after.Status, after.Version));
        Assert.Equal(demands, await db.Demands.CountAsync());
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > lastSequence).ToListAsync();
        var entry = Assert.Single(entries);
        Assert.Equal((AuditActions.AccessDenied, TestUser.Auditor.User.Id), (entry.Action, entry.ActorId));
    }

    private async Task<LegalDemand> ArrangeAsync(Stage stage)
    {
        var reviewer = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var now = app.Time.GetUtcNow();
        var registration = stage is Stage.PreservationInReview or Stage.Preserved ? Registrations.Preservation(now) : Registrations.CourtOrder(now);
        var reference = (await reviewer.RegisterAsync(registration, null)).Reference!.Value;
        var demand = (await reviewer.FindAsync(reference))!;
        if (stage == Stage.Received) return demand;
        demand = await reviewer.StartReviewAsync(reference, demand.Version);
        return stage switch
        {
            Stage.AwaitingSignOff => await reviewer.ApproveAsync(reference, demand.Version, Reason),
            Stage.Preserved => await reviewer.PreserveAsync(reference, demand.Version, Reason),
            _ => demand,
        };
    }
}
