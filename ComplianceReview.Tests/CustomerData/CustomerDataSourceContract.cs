using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.CustomerData;

/// <summary>An account as a contract test plants it: its three identifiers as the store holds them, and a name to tell it by.</summary>
public sealed record PlantedAccount(string AccountId, string Email, string? PhoneNumber, string Name);

/// <summary>
/// What every <see cref="ICustomerDataSource"/> must do, whatever it reads: resolve each identifier kind by the same rule
/// (case-insensitive e-mail and account id, E.164 phone number, nothing folded), never resolve an identifier that matches
/// several accounts, and refuse to extract one even when no approval stood in the way. A source's test class derives from
/// this and says how accounts are planted in it.
/// </summary>
public abstract class CustomerDataSourceContract
{
    private static readonly DateTimeOffset TakenAt = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A source that holds exactly these accounts (and nothing else).</summary>
    protected abstract Task<ICustomerDataSource> SourceWithAsync(params PlantedAccount[] accounts);

    private static AccountIdentifier Id(string value) => AccountIdentifier.Parse(value);

    /// <summary>Identifier kind, how the demand writes it, and two stored accounts it matches both of.</summary>
    public static TheoryData<IdentifierKind, string, PlantedAccount, PlantedAccount> SharedIdentifiers => new()
    {
        {
            IdentifierKind.PhoneNumber, "+1 415 555 0100",
            new("acct-pat", "pat@contoso.com", "+14155550100", "Pat Shared"),
            new("acct-sam", "sam@contoso.com", "+14155550100", "Sam Shared")
        },
        {
            IdentifierKind.Email, "kim@contoso.com",
            new("acct-kim", "kim@contoso.com", null, "Kim Lower"),
            new("acct-kim-2", "Kim@Contoso.com", null, "Kim Upper")
        },
        {
            IdentifierKind.AccountId, "acct-lee",
            new("acct-lee", "lee@contoso.com", null, "Lee Lower"),
            new("ACCT-LEE", "lee.upper@contoso.com", null, "Lee Upper")
        },
    };

    [Theory]
    [MemberData(nameof(SharedIdentifiers))]
    public async Task AnIdentifierMatchingTwoAccountsIsAmbiguousAndSaysHowManyNotWhich(IdentifierKind kind, string written, PlantedAccount first, PlantedAccount second)
    {
        var source = await SourceWithAsync(first, second, new PlantedAccount("acct-other", "other@contoso.com", "+14155550199", "Other"));
        var identifier = AccountIdentifier.Parse(kind, written);

        var resolution = (await source.ResolveAsync([identifier])).Of(identifier);

        Assert.Equal((ResolutionKind.Ambiguous, 2, null), (resolution.Kind, resolution.MatchCount, resolution.AccountId));
    }

    [Theory]
    [MemberData(nameof(SharedIdentifiers))]
    public async Task TheExtractionRefusesAnAmbiguousIdentifierEvenWithoutAnApprovalAndReadsNothing(IdentifierKind kind, string written,
        PlantedAccount first, PlantedAccount second)
    {
        var source = await SourceWithAsync(first, second, new PlantedAccount("acct-other", "other@contoso.com", "+14155550199", "Other"));
        var ambiguous = AccountIdentifier.Parse(kind, written);
        var unique = Id("other@contoso.com");
        // Built straight from the scope rules, as a caller that skipped the pre-checks and the demand's approval would.
        var requested = DisclosureScope.Requested([ambiguous, unique], [DataCategory.SubscriberIdentity], null);
        var scope = DisclosureScope.Approve(requested, ProcessType.Subpoena, [ambiguous, unique], [DataCategory.SubscriberIdentity], null);

        var refused = await Assert.ThrowsAsync<AmbiguousIdentifierException>(() => source.ExtractAsync("LD-2026-000001", scope, TakenAt));

        Assert.Equal([(ambiguous, 2)], refused.Ambiguous);
        Assert.Contains($"{ambiguous.Value} matches 2 accounts", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Name, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Name, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryIdentifierAskedAboutIsAnsweredAndEachKindResolvesToItsOneAccount()
    {
        var alice = new PlantedAccount("acct-alice", "alice@contoso.com", "+14155550101", "Alice Only");
        var source = await SourceWithAsync(alice, new PlantedAccount("acct-bob", "bob@contoso.com", "+14155550102", "Bob Only"));
        AccountIdentifier[] asked = [Id("alice@contoso.com"), Id("acct-alice"), Id("+1 (415) 555-0101"), Id("ghost@contoso.com"), Id("acct-ghost"), Id("+14155550999")];

        var resolutions = await source.ResolveAsync(asked);

        Assert.Equal(asked.Order(Comparer), resolutions.Identifiers.Order(Comparer));
        var found = asked[..3].Select(resolutions.Of).ToList();
        Assert.All(found, r => Assert.Equal(ResolutionKind.Unique, r.Kind));
        Assert.Single(found.Select(r => r.AccountId).Distinct());
        Assert.All(asked[3..], i => Assert.Equal(IdentifierResolution.NotFound, resolutions.Of(i)));
        Assert.Equal([alice.Name], await NamesExtractedForAsync(source, asked[0]));
    }

    [Fact]
    public async Task ANameInAnotherCaseIsTheSameAccount()
    {
        var source = await SourceWithAsync(new PlantedAccount("Acct-Mixed", "Mixed.Case@Contoso.COM", null, "Mixed Case"));

        var resolutions = await source.ResolveAsync([Id("mixed.case@contoso.com"), Id("acct-mixed")]);

        Assert.All(resolutions.Identifiers, i => Assert.Equal(ResolutionKind.Unique, resolutions.Of(i).Kind));
        Assert.Equal(["Mixed Case"], await NamesExtractedForAsync(source, Id("MIXED.CASE@contoso.com")));
    }

    /// <summary>Similar is not the same: each of these is another account, and naming one never reaches the other.</summary>
    [Theory]
    [InlineData("alice@contoso.com", "alice+news@contoso.com")]     // sub-address: not folded
    [InlineData("alice@contoso.com", "alice@c0ntoso.com")]          // look-alike domain
    [InlineData("alice@contoso.com", "a.lice@contoso.com")]         // dots: not folded
    [InlineData("alice@contoso.com", "alice@contoso.co")]           // a prefix of the domain
    [InlineData("acct-alice", "acct-alice2")]
    [InlineData("+14155550101", "+141555501010")]
    public async Task ASimilarIdentifierIsAnotherAccount(string named, string similar)
    {
        var kind = AccountIdentifier.Parse(named).Kind;
        PlantedAccount With(string value, string name, int n) => kind switch
        {
            IdentifierKind.Email => new($"acct-{n}", value, null, name),
            IdentifierKind.AccountId => new(value, $"user{n}@contoso.com", null, name),
            _ => new($"acct-{n}", $"user{n}@contoso.com", value, name),
        };
        var source = await SourceWithAsync(With(named, "Named One", 1), With(similar, "Similar One", 2));

        var resolutions = await source.ResolveAsync([Id(named), Id(similar)]);

        Assert.All(resolutions.Identifiers, i => Assert.Equal(ResolutionKind.Unique, resolutions.Of(i).Kind));
        Assert.NotEqual(resolutions.Of(Id(named)).AccountId, resolutions.Of(Id(similar)).AccountId);
        Assert.Equal(["Named One"], await NamesExtractedForAsync(source, Id(named)));
        Assert.Equal(["Similar One"], await NamesExtractedForAsync(source, Id(similar)));
    }

    [Fact]
    public async Task AnIdentifierOfOneKindNeverMatchesAnotherKindsValue()
    {
        // An account id that looks like the local part of someone's address, a phone number stored as someone's account id.
        var source = await SourceWithAsync(new PlantedAccount("alice", "someone@contoso.com", null, "Account Alice"), new PlantedAccount("acct-1", "alice@contoso.com", null, "Mail Alice"));

        Assert.Equal(["Account Alice"], await NamesExtractedForAsync(source, Id("alice")));
        Assert.Equal(["Mail Alice"], await NamesExtractedForAsync(source, Id("alice@contoso.com")));
    }

    private static async Task<IReadOnlyList<string>> NamesExtractedForAsync(ICustomerDataSource source, AccountIdentifier identifier)
    {
        var requested = DisclosureScope.Requested([identifier], [DataCategory.SubscriberIdentity], null);
        var scope = DisclosureScope.Approve(requested, ProcessType.Subpoena, [identifier], [DataCategory.SubscriberIdentity], null);
        var snapshot = await source.ExtractAsync("LD-2026-000001", scope, TakenAt);
        var records = Assert.Single(snapshot.Identifiers);
        Assert.True(records.Found);
        return Assert.Single(records.Categories).Rows.Select(r => r[0]).ToList();
    }

    private static readonly Comparer<AccountIdentifier> Comparer =
        Comparer<AccountIdentifier>.Create((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Value, b.Value));
}
