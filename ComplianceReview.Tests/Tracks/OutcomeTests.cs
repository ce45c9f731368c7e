using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;

namespace ComplianceReview.Tests.Tracks;

/// <summary>Every closed demand has exactly one outcome, from its final state; open and preservation demands have none.</summary>
public sealed class OutcomeTests
{
    public static TheoryData<ProcessType, string, Outcome?> States()
    {
        var data = new TheoryData<ProcessType, string, Outcome?>();
        foreach (var type in new[] { ProcessType.Subpoena, ProcessType.CourtOrder, ProcessType.SearchWarrant, ProcessType.EmergencyRequest })
        {
            data.Add(type, "received", null);
            data.Add(type, "in review", null);
            data.Add(type, "approved", null);
            data.Add(type, "awaiting sign-off", null);
            data.Add(type, "disclosed, content", Outcome.ContentDisclosed);
            data.Add(type, "disclosed, non-content", Outcome.NonContentOnly);
            data.Add(type, "disclosed, nothing found", Outcome.NoDataFound);
            data.Add(type, "rejected", Outcome.Rejected);
        }
        data.Add(ProcessType.PreservationRequest, "received", null);
        data.Add(ProcessType.PreservationRequest, "in review", null);
        data.Add(ProcessType.PreservationRequest, "preserved", null);
        data.Add(ProcessType.PreservationRequest, "released", null);
        data.Add(ProcessType.PreservationRequest, "rejected", Outcome.Rejected);
        return data;
    }

    [Theory]
    [MemberData(nameof(States))]
    public void TheOutcomeFollowsTheFinalState(ProcessType type, string state, Outcome? expected)
    {
        var builder = DemandBuilder.Of(type);
        var demand = (state switch
        {
            "received" => builder,
            "in review" => builder.InReview(),
            "approved" => builder.Approved(),
            "awaiting sign-off" => builder.AwaitingSignOff(),
            "disclosed, content" => builder.WithPackageCounts(5, 2).Disclosed(),
            "disclosed, non-content" => builder.WithPackageCounts(5, 0).Disclosed(),
            "disclosed, nothing found" => builder.WithPackageCounts(0, 0).Disclosed(),
            "rejected" => builder.Rejected(),
            "preserved" => builder.Preserved(),
            "released" => builder.Released(),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        }).Build();

        Assert.Equal(expected, demand.Outcome);
        // Closed with a disclosure decision means an outcome; a released preservation is closed but disclosed nothing.
        Assert.Equal(demand.Status is DemandStatus.Disclosed or DemandStatus.Rejected, demand.Outcome is not null);
        if (demand.IsClosed && type != ProcessType.PreservationRequest) Assert.NotNull(demand.Outcome);
        if (demand.Outcome is not null) Assert.True(demand.IsClosed);
    }
}
