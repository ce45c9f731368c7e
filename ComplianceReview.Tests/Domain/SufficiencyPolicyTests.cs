using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class SufficiencyPolicyTests
{
    /// <summary>Every process type x category, with the answer of DESIGN.md's default policy.</summary>
    public static TheoryData<ProcessType, DataCategory, bool> EveryPair()
    {
        var data = new TheoryData<ProcessType, DataCategory, bool>();
        foreach (var type in Enum.GetValues<ProcessType>())
        {
            foreach (var category in Enum.GetValues<DataCategory>())
            {
                var content = category is DataCategory.EmailContent or DataCategory.StoredFiles;
                var allowed = type switch
                {
                    ProcessType.Subpoena => !content,
                    ProcessType.CourtOrder or ProcessType.SearchWarrant or ProcessType.EmergencyRequest => true,
                    ProcessType.PreservationRequest => false,
                    _ => throw new InvalidOperationException($"No expectation for {type}."),
                };
                data.Add(type, category, allowed);
            }
        }
        return data;
    }

    [Fact]
    public void ThereAre35Pairs() => Assert.Equal(35, EveryPair().Count);

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void AllowsFollowsTheDefaultPolicy(ProcessType type, DataCategory category, bool allowed)
    {
        Assert.Equal(allowed, SufficiencyPolicy.Allows(type, category));
        Assert.Equal(allowed, SufficiencyPolicy.AllowedCategories(type).Contains(category));
        Assert.Equal(allowed, SufficiencyPolicy.AllowedKinds(type).Contains(category.Kind()));

        var refusal = SufficiencyPolicy.Refusal(type, category);
        if (allowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.NotNull(refusal);
            Assert.Contains(category.Display(), refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASubpoenaIsToldThatContentNeedsACourtOrderOrWarrant()
    {
        var refusal = SufficiencyPolicy.Refusal(ProcessType.Subpoena, DataCategory.EmailContent);

        Assert.Contains("court order or a search warrant", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndefinedProcessTypeIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SufficiencyPolicy.AllowedKinds((ProcessType)99));
    }
}
