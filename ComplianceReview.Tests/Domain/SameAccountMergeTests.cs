using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class SameAccountMergeTests
{
    private static readonly AccountIdentifier Email = AccountIdentifier.Parse("alice@contoso.com");
    private static readonly AccountIdentifier Account = AccountIdentifier.Parse("acct-10001");
    private static readonly AccountIdentifier Other = AccountIdentifier.Parse("bob@contoso.com");
    private static readonly AccountIdentifier Ghost = AccountIdentifier.Parse("ghost@contoso.com");

    private static IdentifierResolution Resolve(AccountIdentifier identifier) =>
        identifier == Email || identifier == Account ? IdentifierResolution.Unique("1", "acct-10001")
        : identifier == Other ? IdentifierResolution.Unique("2", "acct-10002")
        : IdentifierResolution.NotFound;

    private static IdentifierRecords Section(AccountIdentifier identifier, bool found = true) =>
        new(identifier.Kind, identifier.Value, found, found
            ? [new CategoryRecords(DataCategory.SubscriberIdentity, ["name", "email address"], [["Alice", "alice@contoso.com"]])]
            : []);

    private static DataSnapshot Snapshot(params IdentifierRecords[] sections) =>
        new("LD-2026-000001", DateTimeOffset.UnixEpoch, [DataCategory.SubscriberIdentity], null, null, sections);

    [Fact]
    public void TwoIdentifiersOfOneAccountBecomeTheFirstOnesSectionNamingTheOther()
    {
        var merged = SameAccountMerge.Merge(Snapshot(Section(Email), Section(Other), Section(Account)), Resolve);

        Assert.Equal([Email.Value, Other.Value], merged.Identifiers.Select(i => i.Identifier));
        Assert.Equal([Account.Value], merged.Identifiers[0].AlsoNamedAs);
        Assert.Null(merged.Identifiers[1].AlsoNamedAs);
        Assert.Equal(2, merged.RecordCount);
    }

    [Fact]
    public void ASnapshotWithoutRepeatsIsReturnedAsItIsWithItsHash()
    {
        var snapshot = Snapshot(Section(Email), Section(Other), Section(Ghost, found: false));

        var merged = SameAccountMerge.Merge(snapshot, Resolve);

        Assert.Same(snapshot, merged);
        Assert.DoesNotContain("AlsoNamedAs", merged.CanonicalJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void AccountsAreCountedOnceAndUnknownIdentifiersEachOnce()
    {
        Assert.Equal(3, SameAccountMerge.CountAccounts([Email, Account, Other, Ghost], Resolve));
        Assert.Equal(1, SameAccountMerge.CountAccounts([Email, Account], Resolve));
    }

    [Fact]
    public void OneAccountNamedTwiceInADemandIsAWarningNamingItsAccountId()
    {
        var demand = LegalDemand.Register(DemandReference.Create(2026, 1),
            Tests.Infrastructure.Registrations.CourtOrder(DateTimeOffset.UnixEpoch.AddYears(56), Email.Value, Account.Value, Other.Value), new("u1", "Reviewer"));

        var finding = Assert.Single(OverlapChecks.Evaluate(demand, [], Resolve));

        Assert.Equal(FindingCode.AccountNamedTwice, finding.Code);
        Assert.Equal("acct-10001", finding.Subject);
        Assert.Contains("alice@contoso.com and acct-10001", finding.Message, StringComparison.Ordinal);
    }
}
