using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

/// <summary>
/// The extraction every source inherits: an ambiguous identifier is refused before any account is read, and a source that
/// returns anything but the approved categories is refused too.
/// </summary>
public sealed class CustomerDataSourceTests
{
    private static readonly DateTimeOffset TakenAt = DemandBuilder.Now;
    private static readonly AccountIdentifier Alice = AccountIdentifier.Parse("alice@contoso.com");
    private static readonly AccountIdentifier SharedPhone = AccountIdentifier.Parse("+14155550100");
    private static readonly AccountIdentifier Ghost = AccountIdentifier.Parse("ghost@contoso.com");

    private static DisclosureScope Scope(params AccountIdentifier[] identifiers) =>
        DisclosureScope.Approve(DisclosureScope.Requested(identifiers, [DataCategory.SubscriberIdentity, DataCategory.BillingInformation], null),
            ProcessType.Subpoena, identifiers, [DataCategory.SubscriberIdentity, DataCategory.BillingInformation], null);

    /// <summary>Alice is one account, the phone number two, the ghost none; reading returns what it is told to.</summary>
    private sealed class FakeSource(Func<IReadOnlyList<DataCategory>, IReadOnlyList<CategoryRecords>>? read = null) : CustomerDataSource
    {
        public List<string> Read { get; } = [];

        public override Task<IdentifierResolutions> ResolveAsync(IEnumerable<AccountIdentifier> identifiers, CancellationToken cancellationToken = default) =>
            Task.FromResult(IdentifierResolutions.Of(identifiers, i => i == Alice ? IdentifierResolution.Unique("alice-key")
                : i == SharedPhone ? IdentifierResolution.Ambiguous(2)
                : IdentifierResolution.NotFound));

        protected override Task<IReadOnlyList<CategoryRecords>?> ReadAccountAsync(string accountId, IReadOnlyList<DataCategory> categories, DateRange? range,
            CancellationToken cancellationToken)
        {
            Read.Add(accountId);
            return Task.FromResult<IReadOnlyList<CategoryRecords>?>(read is null
                ? categories.Select(c => new CategoryRecords(c, c.Info().Fields, [c.Info().Fields.Select(f => $"{accountId}:{f}").ToList()])).ToList()
                : read(categories));
        }
    }

    [Fact]
    public async Task AnAmbiguousIdentifierIsRefusedBeforeAnyAccountIsRead()
    {
        var source = new FakeSource();

        var refused = await Assert.ThrowsAsync<AmbiguousIdentifierException>(() => source.ExtractAsync("LD-2026-000001", Scope(Alice, SharedPhone), TakenAt));

        Assert.Equal([(SharedPhone, 2)], refused.Ambiguous);
        Assert.Empty(source.Read);
    }

    [Fact]
    public async Task UniqueIdentifiersAreReadByTheirKeyAndUnknownOnesAreReportedWithoutRecords()
    {
        var source = new FakeSource();

        var snapshot = await source.ExtractAsync("LD-2026-000001", Scope(Alice, Ghost), TakenAt);

        Assert.Equal(["alice-key"], source.Read);
        var alice = snapshot.Identifiers.Single(i => i.Identifier == Alice.Value);
        Assert.True(alice.Found);
        Assert.Equal([DataCategory.SubscriberIdentity, DataCategory.BillingInformation], alice.Categories.Select(c => c.Category));
        var ghost = snapshot.Identifiers.Single(i => i.Identifier == Ghost.Value);
        Assert.False(ghost.Found);
        Assert.Empty(ghost.Categories);
    }

    [Theory]
    [InlineData("extra")]
    [InlineData("missing")]
    [InlineData("reordered")]
    public async Task ASourceReturningOtherThanTheApprovedCategoriesIsRefused(string how)
    {
        var source = new FakeSource(categories =>
        {
            var returned = how switch
            {
                "extra" => categories.Append(DataCategory.StoredFiles),
                "missing" => categories.Take(1),
                _ => categories.Reverse(),
            };
            return returned.Select(c => new CategoryRecords(c, c.Info().Fields, [])).ToList();
        });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => source.ExtractAsync("LD-2026-000001", Scope(Alice), TakenAt));

        Assert.Contains("categories other than the approved ones", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AResolutionFromMatchesCountsDistinctAccounts()
    {
        Assert.Equal(IdentifierResolution.NotFound, IdentifierResolution.FromMatches([]));
        Assert.Equal(IdentifierResolution.Unique("7"), IdentifierResolution.FromMatches(["7", "7"]));
        var ambiguous = IdentifierResolution.FromMatches(["7", "8", "9"]);
        Assert.Equal((ResolutionKind.Ambiguous, 3, null), (ambiguous.Kind, ambiguous.MatchCount, ambiguous.AccountId));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentifierResolution.Ambiguous(1));
    }

    [Fact]
    public void AskingAboutAnIdentifierThatWasNotResolvedIsABug()
    {
        var resolutions = IdentifierResolutions.Of([Alice], _ => IdentifierResolution.NotFound);

        Assert.Throws<InvalidOperationException>(() => resolutions.Of(Ghost));
    }
}
