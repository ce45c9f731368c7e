using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

/// <summary>Every (state x action) pair, for a disclosing process type and for a preservation request.</summary>
public sealed class WorkflowTests
{
    // DESIGN.md, "Workflow", written out: (state, action) -> next state. Anything not listed must throw.
    private static readonly Dictionary<(DemandStatus, DemandAction), DemandStatus> Disclosing = new()
    {
        [(DemandStatus.Received, DemandAction.StartReview)] = DemandStatus.InReview,
        [(DemandStatus.InReview, DemandAction.Approve)] = DemandStatus.AwaitingSignOff,
        [(DemandStatus.InReview, DemandAction.ApprovePartially)] = DemandStatus.AwaitingSignOff,
        [(DemandStatus.InReview, DemandAction.Reject)] = DemandStatus.Rejected,
        [(DemandStatus.AwaitingSignOff, DemandAction.AttachPackage)] = DemandStatus.AwaitingSignOff,
        [(DemandStatus.AwaitingSignOff, DemandAction.SignOff)] = DemandStatus.Disclosed,
        [(DemandStatus.AwaitingSignOff, DemandAction.SendBack)] = DemandStatus.InReview,
    };

    private static readonly Dictionary<(DemandStatus, DemandAction), DemandStatus> Preservation = new()
    {
        [(DemandStatus.Received, DemandAction.StartReview)] = DemandStatus.InReview,
        [(DemandStatus.InReview, DemandAction.Reject)] = DemandStatus.Rejected,
        [(DemandStatus.InReview, DemandAction.Preserve)] = DemandStatus.Preserved,
        [(DemandStatus.Preserved, DemandAction.ExtendPreservation)] = DemandStatus.Preserved,
        [(DemandStatus.Preserved, DemandAction.Release)] = DemandStatus.Released,
    };

    public static TheoryData<ProcessType, DemandStatus, DemandAction, DemandStatus?> EveryPair()
    {
        var data = new TheoryData<ProcessType, DemandStatus, DemandAction, DemandStatus?>();
        foreach (var type in new[] { ProcessType.CourtOrder, ProcessType.PreservationRequest })
        {
            var table = type == ProcessType.PreservationRequest ? Preservation : Disclosing;
            foreach (var status in Enum.GetValues<DemandStatus>())
            {
                foreach (var action in Enum.GetValues<DemandAction>())
                    data.Add(type, status, action, table.TryGetValue((status, action), out var next) ? next : null);
            }
        }
        return data;
    }

    [Fact]
    public void TheMatrixHasEveryPairForBothProcessTypes() =>
        Assert.Equal(2 * Enum.GetValues<DemandStatus>().Length * Enum.GetValues<DemandAction>().Length, EveryPair().Count);

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void ALegalMoveLandsInTheExpectedStateAndAnIllegalOneThrows(ProcessType type, DemandStatus from, DemandAction action, DemandStatus? to)
    {
        var demand = InState(type, from);
        var version = demand.Version;
        var decisions = demand.Decisions.Count;
        var signOffs = demand.SignOffs.Count;
        var package = demand.Package;

        Assert.Equal(to is not null, Workflow.Allows(type, from, action));
        Assert.Equal(to is not null, demand.Allows(action));
        var thrown = Record.Exception(() => Act(demand, action));

        if (to is { } expected)
        {
            Assert.Null(thrown);
            Assert.Equal(expected, demand.Status);
            Assert.Equal(version + 1, demand.Version);
        }
        else
        {
            var domain = Assert.IsType<DomainException>(thrown);
            Assert.Contains(demand.Reference.Value, domain.Message, StringComparison.Ordinal);
            Assert.Equal(from, demand.Status);
            Assert.Equal(version, demand.Version);
            Assert.Equal(decisions, demand.Decisions.Count);
            Assert.Equal(signOffs, demand.SignOffs.Count);
            Assert.Same(package, demand.Package);
        }
    }

    [Theory]
    [InlineData(ProcessType.Subpoena)]
    [InlineData(ProcessType.SearchWarrant)]
    [InlineData(ProcessType.EmergencyRequest)]
    public void OtherDisclosingTypesFollowTheSameTable(ProcessType type)
    {
        foreach (var status in Enum.GetValues<DemandStatus>())
        {
            foreach (var action in Enum.GetValues<DemandAction>())
                Assert.Equal(Disclosing.ContainsKey((status, action)), Workflow.Allows(type, status, action));
        }
    }

    [Theory]
    [InlineData(DemandStatus.Disclosed)]
    [InlineData(DemandStatus.Rejected)]
    [InlineData(DemandStatus.Released)]
    public void ClosedStatesAreClosed(DemandStatus status)
    {
        var type = status == DemandStatus.Released ? ProcessType.PreservationRequest : ProcessType.CourtOrder;

        var demand = InState(type, status);

        Assert.True(demand.IsClosed);
        Assert.NotNull(demand.ClosedAt);
        Assert.DoesNotContain(Enum.GetValues<DemandAction>(), demand.Allows);
    }

    /// <summary>
    /// A demand in <paramref name="status"/>. States a process type never reaches (a preservation request awaiting sign-off,
    /// a court order preserved) cannot be made through the public API; a stored row could still hold one, so they are
    /// simulated by setting the status the way EF materialises it.
    /// </summary>
    private static LegalDemand InState(ProcessType type, DemandStatus status)
    {
        var builder = DemandBuilder.Of(type).WithTargets("alice@contoso.com", "+14155550100");
        if (type != ProcessType.PreservationRequest)
            builder.WithCategories(DataCategory.SubscriberIdentity, DataCategory.EmailContent).CoveringYear(2025);

        var reachable = type == ProcessType.PreservationRequest
            ? status is not (DemandStatus.AwaitingSignOff or DemandStatus.Disclosed)
            : status is not (DemandStatus.Preserved or DemandStatus.Released);
        if (!reachable)
        {
            var demand = builder.InReview().Build();
            typeof(LegalDemand).GetProperty(nameof(LegalDemand.Status))!.SetValue(demand, status);
            return demand;
        }

        var built = (status switch
        {
            DemandStatus.Received => builder,
            DemandStatus.InReview => builder.InReview(),
            DemandStatus.AwaitingSignOff => builder.AwaitingSignOff(),
            DemandStatus.Disclosed => builder.Disclosed(),
            DemandStatus.Rejected => builder.Rejected(),
            DemandStatus.Preserved => builder.Preserved(),
            DemandStatus.Released => builder.Released(),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        }).Build();
        Assert.Equal(status, built.Status);
        return built;
    }

    /// <summary>Performs the action with arguments that are valid in themselves, so only the state decides.</summary>
    private static void Act(LegalDemand demand, DemandAction action)
    {
        var now = DemandBuilder.Now;
        switch (action)
        {
            case DemandAction.StartReview:
                demand.StartReview(DemandBuilder.Reviewer);
                break;
            case DemandAction.Approve:
                demand.Approve(DemandBuilder.Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, now, DemandBuilder.NoSenderFindings(demand));
                break;
            case DemandAction.ApprovePartially:
                demand.ApprovePartially(DemandBuilder.Reviewer, DemandBuilder.Reason, [AccountIdentifier.Parse("alice@contoso.com")],
                    [DataCategory.SubscriberIdentity], null, DemandBuilder.EveryIdentifierUnique, now, DemandBuilder.NoSenderFindings(demand));
                break;
            case DemandAction.Reject:
                demand.Reject(DemandBuilder.Reviewer, RejectionReason.OverBroad, DemandBuilder.Reason, now);
                break;
            case DemandAction.AttachPackage:
                demand.AttachPackage(DemandBuilder.Package(DemandBuilder.LegalLead));
                break;
            case DemandAction.SignOff:
                demand.SignOff(DemandBuilder.LegalLead, DemandBuilder.PackageSha256, now);
                break;
            case DemandAction.SendBack:
                demand.SendBack(DemandBuilder.LegalLead, "Narrow the date range to March.", now);
                break;
            case DemandAction.Preserve:
                demand.Preserve(DemandBuilder.Reviewer, DemandBuilder.Reason, now);
                break;
            case DemandAction.ExtendPreservation:
                demand.ExtendPreservation(DemandBuilder.Reviewer, DemandBuilder.Reason, now);
                break;
            case DemandAction.Release:
                demand.Release(DemandBuilder.Reviewer, DemandBuilder.Reason, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }
}
