using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class DisclosureScopeTests
{
    private static readonly AccountIdentifier Alice = AccountIdentifier.Parse("alice@contoso.com");
    private static readonly AccountIdentifier Phone = AccountIdentifier.Parse("+14155550100");
    private static readonly AccountIdentifier Account = AccountIdentifier.Parse("acct-00042");
    private static readonly AccountIdentifier Mallory = AccountIdentifier.Parse("mallory@contoso.com");

    private static readonly DateRange Year2025 = new(At(2025, 1, 1), At(2025, 12, 31));

    private static readonly DisclosureScope Request = DisclosureScope.Requested(
        [Alice, Phone, Account],
        [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory, DataCategory.EmailContent],
        Year2025);

    [Fact]
    public void ANarrowerScopeIsAccepted()
    {
        var range = new DateRange(At(2025, 3, 1), At(2025, 6, 30));

        var scope = DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Phone], [DataCategory.ConnectionHistory], range);

        Assert.Equal([Phone], scope.Identifiers);
        Assert.Equal([DataCategory.ConnectionHistory], scope.Categories);
        Assert.Equal(range, scope.DateRange);
        Assert.False(scope.IncludesContent);
    }

    [Fact]
    public void TheWholeRequestIsAcceptedWhenThePolicyAllowsIt()
    {
        var scope = DisclosureScope.Approve(Request, ProcessType.SearchWarrant, Request.Identifiers, Request.Categories, Request.DateRange);

        Assert.True(scope.IsSameAs(Request));
        Assert.True(scope.IncludesContent);
    }

    [Fact]
    public void TheRangeBoundsAreIncluded()
    {
        var scope = DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice], [DataCategory.ConnectionHistory],
            new DateRange(Year2025.From, Year2025.To));

        Assert.Equal(Year2025, scope.DateRange);
    }

    [Fact]
    public void DuplicatesCollapseAndOrderIsCanonical()
    {
        var scope = DisclosureScope.Approve(Request, ProcessType.CourtOrder,
            [Phone, Alice, AccountIdentifier.Parse("ALICE@contoso.com"), Account],
            [DataCategory.EmailContent, DataCategory.SubscriberIdentity, DataCategory.EmailContent],
            Year2025);

        Assert.Equal([Alice, Account, Phone], scope.Identifiers);
        Assert.Equal([DataCategory.SubscriberIdentity, DataCategory.EmailContent], scope.Categories);
    }

    [Fact]
    public void NonTimeSeriesCategoriesNeedNoRange()
    {
        var scope = DisclosureScope.Approve(Request, ProcessType.Subpoena, [Alice], [DataCategory.SubscriberIdentity], null);

        Assert.Null(scope.DateRange);
    }

    private static readonly Dictionary<string, Func<DisclosureScope>> WiderCases = new()
    {
        ["an identifier not requested"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice, Mallory], [DataCategory.SubscriberIdentity], null),
        ["a category not requested"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice], [DataCategory.SubscriberIdentity, DataCategory.BillingInformation], null),
        ["a range starting earlier"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice], [DataCategory.ConnectionHistory], new(Year2025.From.AddSeconds(-1), At(2025, 6, 1))),
        ["a range ending later"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice], [DataCategory.ConnectionHistory], new(At(2025, 6, 1), Year2025.To.AddSeconds(1))),
        ["content on a subpoena"] = () =>
            DisclosureScope.Approve(Request, ProcessType.Subpoena, [Alice], [DataCategory.SubscriberIdentity, DataCategory.EmailContent], Year2025),
        ["anything on a preservation request"] = () =>
            DisclosureScope.Approve(Request, ProcessType.PreservationRequest, [Alice], [DataCategory.SubscriberIdentity], null),
        ["time series without a range"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice], [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory], null),
        ["no identifier"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [], [DataCategory.SubscriberIdentity], null),
        ["no category"] = () =>
            DisclosureScope.Approve(Request, ProcessType.CourtOrder, [Alice], [], null),
        ["a range the request does not have"] = () =>
            DisclosureScope.Approve(DisclosureScope.Requested([Alice], [DataCategory.SubscriberIdentity], null),
                ProcessType.CourtOrder, [Alice], [DataCategory.SubscriberIdentity], Year2025),
    };

    public static TheoryData<string, string> Wider => new()
    {
        { "an identifier not requested", "mallory@contoso.com" },
        { "a category not requested", "Billing information" },
        { "a range starting earlier", "within the requested" },
        { "a range ending later", "within the requested" },
        { "content on a subpoena", "court order or a search warrant" },
        { "anything on a preservation request", "preservation request discloses nothing" },
        { "time series without a range", "need a covered date range" },
        { "no identifier", "at least one specific identifier" },
        { "no category", "at least one data category" },
        { "a range the request does not have", "covers no date range" },
    };

    [Theory]
    [MemberData(nameof(Wider))]
    public void AWiderOrDisallowedScopeIsRefused(string @case, string messagePart)
    {
        var thrown = Assert.Throws<DomainException>(WiderCases[@case]);

        Assert.Contains(messagePart, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryWiderCaseIsInTheTable() => Assert.Equal(WiderCases.Keys.Order(), Wider.Select(row => (string)row[0]).Order());

    /// <summary>
    /// Property: for random requests and random candidate scopes (subsets and supersets of the request), Approve succeeds
    /// exactly when the candidate lies within the request and the policy. The oracle below is written from DESIGN.md, not
    /// from the code under test.
    /// </summary>
    [Fact]
    public void ApproveSucceedsIffTheScopeIsWithinRequestAndPolicy()
    {
        var random = new Random(20260302);
        AccountIdentifier[] universe = [Alice, Phone, Account, Mallory, AccountIdentifier.Parse("+442079460958"), AccountIdentifier.Parse("bob-7")];
        var allCategories = Enum.GetValues<DataCategory>();
        ProcessType[] disclosing = [ProcessType.Subpoena, ProcessType.CourtOrder, ProcessType.SearchWarrant, ProcessType.EmergencyRequest];
        int accepted = 0, refused = 0;

        for (var i = 0; i < 500; i++)
        {
            // Preservation refuses every scope, so it is drawn less often to keep enough accepted cases.
            var type = random.NextDouble() < 0.1 ? ProcessType.PreservationRequest : disclosing[random.Next(disclosing.Length)];
            var reqIds = Pick(random, universe, 0.5, atLeastOne: true);
            var reqCats = Pick(random, allCategories, 0.5, atLeastOne: true);
            var reqRange = random.NextDouble() < 0.8 ? RandomRange(random, At(2025, 1, 1), 300) : null;
            var requested = DisclosureScope.Requested(reqIds, reqCats, reqRange);

            // Mostly subsets, sometimes with an extra element from outside the request.
            var ids = Pick(random, reqIds, 0.6, atLeastOne: false).ToList();
            if (random.NextDouble() < 0.2) ids.Add(universe[random.Next(universe.Length)]);
            var cats = Pick(random, reqCats, 0.6, atLeastOne: false).ToList();
            if (random.NextDouble() < 0.2) cats.Add(allCategories[random.Next(allCategories.Length)]);
            var range = random.NextDouble() switch
            {
                < 0.2 => null,
                < 0.6 when reqRange is not null => Inside(random, reqRange),
                _ => RandomRange(random, At(2025, 1, 1).AddDays(-20), 340),
            };

            var expected = Oracle(type, reqIds, reqCats, reqRange, ids, cats, range);
            DisclosureScope? scope = null;
            var thrown = Record.Exception(() => scope = DisclosureScope.Approve(requested, type, ids, cats, range));

            if (expected)
            {
                Assert.True(thrown is null, $"Case {i}: expected success, got: {thrown?.Message}");
                Assert.Equal(ids.Distinct().Order(IdentifierOrder), scope!.Identifiers.Order(IdentifierOrder));
                Assert.Equal(cats.Distinct().Order(), scope.Categories);
                Assert.Equal(range, scope.DateRange);
                accepted++;
            }
            else
            {
                Assert.True(thrown is DomainException, $"Case {i}: expected a DomainException, got {thrown?.GetType().Name ?? "success"}.");
                refused++;
            }
        }

        // The generator must exercise both outcomes, or the property proves nothing.
        Assert.InRange(accepted, 100, 400);
        Assert.InRange(refused, 100, 400);
    }

    private static readonly Comparer<AccountIdentifier> IdentifierOrder =
        Comparer<AccountIdentifier>.Create((a, b) => string.CompareOrdinal($"{a.Kind}:{a.Value}", $"{b.Kind}:{b.Value}"));

    private static bool Oracle(ProcessType type, AccountIdentifier[] reqIds, DataCategory[] reqCats, DateRange? reqRange,
        List<AccountIdentifier> ids, List<DataCategory> cats, DateRange? range)
    {
        static bool IsContent(DataCategory c) => c is DataCategory.EmailContent or DataCategory.StoredFiles;
        static bool IsTimeSeries(DataCategory c) => c is DataCategory.ConnectionHistory or DataCategory.EmailContent or DataCategory.StoredFiles;
        bool Allowed(DataCategory c) => type switch
        {
            ProcessType.Subpoena => !IsContent(c),
            ProcessType.PreservationRequest => false,
            _ => true,
        };

        var rangeOk = range is null
            ? !cats.Any(IsTimeSeries)
            : reqRange is not null && reqRange.From <= range.From && range.To <= reqRange.To;
        return ids.Count > 0 && cats.Count > 0
            && ids.All(reqIds.Contains) && cats.All(reqCats.Contains) && cats.All(Allowed) && rangeOk;
    }

    private static T[] Pick<T>(Random random, T[] from, double probability, bool atLeastOne)
    {
        var picked = from.Where(_ => random.NextDouble() < probability).ToArray();
        return picked.Length == 0 && atLeastOne ? [from[random.Next(from.Length)]] : picked;
    }

    private static DateRange RandomRange(Random random, DateTimeOffset earliest, int days)
    {
        var from = earliest.AddSeconds(random.Next(days * 86_400));
        return new DateRange(from, from.AddSeconds(random.Next(1, 60 * 86_400)));
    }

    private static DateRange Inside(Random random, DateRange outer)
    {
        var span = (int)outer.Length.TotalSeconds;
        var a = outer.From.AddSeconds(random.Next(span + 1));
        var b = outer.From.AddSeconds(random.Next(span + 1));
        return a <= b ? new DateRange(a, b) : new DateRange(b, a);
    }

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
}
