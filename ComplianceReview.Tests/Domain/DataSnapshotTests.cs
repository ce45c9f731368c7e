using System.Globalization;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class DataSnapshotTests
{
    // SHA-256 of the UTF-8 bytes of the pinned JSON in TheCanonicalFormIsPinned, computed outside .NET (Python hashlib).
    private const string PinnedSha256 = "cf8e14593d713ff373584a31d404ba16e6d2bbc773a4f475376a0475c8534a79";

    private static readonly DateTimeOffset TakenAt = DemandBuilder.Now;

    [Fact]
    public void CanonicalJsonRoundTrips()
    {
        var snapshot = Snapshot();
        var json = snapshot.CanonicalJson();

        var restored = DataSnapshot.FromJson(json);

        Assert.Equal(json, restored.CanonicalJson());
        Assert.Equal(snapshot.ComputeSha256(), restored.ComputeSha256());
        Assert.Equal(snapshot.DemandReference, restored.DemandReference);
        Assert.Equal(snapshot.TakenAt, restored.TakenAt);
        Assert.Equal(snapshot.Categories, restored.Categories);
        Assert.Equal((snapshot.RangeFrom, snapshot.RangeTo), (restored.RangeFrom, restored.RangeTo));
        Assert.Equal(snapshot.Identifiers.Select(i => (i.Kind, i.Identifier, i.Found)), restored.Identifiers.Select(i => (i.Kind, i.Identifier, i.Found)));
        Assert.Equal(snapshot.Identifiers[0].Categories[1].Rows, restored.Identifiers[0].Categories[1].Rows);
    }

    [Fact]
    public void TheCanonicalFormIsPinned()
    {
        // Stored snapshot hashes are printed on packages already sent; a serializer change must not silently alter them.
        var tiny = new DataSnapshot("LD-2026-000123", TakenAt, [DataCategory.SubscriberIdentity], null, null,
            [new(IdentifierKind.Email, "alice@contoso.com", true,
                [new(DataCategory.SubscriberIdentity, ["Name", "Email address"], [["Alice Adams", "alice@contoso.com"]])])]);

        Assert.Equal(
            """{"DemandReference":"LD-2026-000123","TakenAt":"2026-03-02T10:00:00+00:00","Categories":["SubscriberIdentity"],"RangeFrom":null,"RangeTo":null,"Identifiers":[{"Kind":"Email","Identifier":"alice@contoso.com","Found":true,"Categories":[{"Category":"SubscriberIdentity","Columns":["Name","Email address"],"Rows":[["Alice Adams","alice@contoso.com"]]}],"RecordCount":1}],"RecordCount":1,"ContentRecordCount":0}""",
            tiny.CanonicalJson());
        Assert.Equal(PinnedSha256, tiny.ComputeSha256());
    }

    [Fact]
    public void TheHashIsStableAcrossInstancesAndCultures()
    {
        var first = Snapshot().ComputeSha256();
        var culture = CultureInfo.CurrentCulture;
        string second;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            second = Snapshot().ComputeSha256();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void AnyChangedValueChangesTheHash()
    {
        var original = Snapshot();
        var alice = original.Identifiers[0];
        var changedRow = original with
        {
            Identifiers = [alice with { Categories = [alice.Categories[0], alice.Categories[1] with { Rows = [["2025-03-01T09:00:00Z", "a@x.com", "b@x.com", "Hello", "Hi!"]] }] }, original.Identifiers[1]],
        };

        Assert.NotEqual(original.ComputeSha256(), changedRow.ComputeSha256());
        Assert.NotEqual(original.ComputeSha256(), (original with { TakenAt = TakenAt.AddSeconds(1) }).ComputeSha256());
        Assert.NotEqual(original.ComputeSha256(), (original with { DemandReference = "LD-2026-000124" }).ComputeSha256());
    }

    [Fact]
    public void CountsAddUpRowsAndContentRows()
    {
        var snapshot = Snapshot();

        Assert.Equal(4, snapshot.RecordCount);
        Assert.Equal(2, snapshot.ContentRecordCount);
        Assert.Equal([4, 0], snapshot.Identifiers.Select(i => i.RecordCount));
    }

    [Fact]
    public void ASnapshotWithoutContentOrWithoutDataCountsNothingOfIt()
    {
        var nonContent = Snapshot() with { Identifiers = [Snapshot().Identifiers[0] with { Categories = [Snapshot().Identifiers[0].Categories[0]] }] };
        var nothing = Snapshot() with { Identifiers = [Snapshot().Identifiers[1]] };

        Assert.Equal((2, 0), (nonContent.RecordCount, nonContent.ContentRecordCount));
        Assert.Equal((0, 0), (nothing.RecordCount, nothing.ContentRecordCount));
    }

    private static DataSnapshot Snapshot() => new(
        "LD-2026-000123",
        TakenAt,
        [DataCategory.SubscriberIdentity, DataCategory.EmailContent],
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero),
        [
            new(IdentifierKind.Email, "alice@contoso.com", true,
            [
                new(DataCategory.SubscriberIdentity, ["Name", "Email address"],
                    [["Zoë Adams", "alice@contoso.com"], ["Zoë A. \"Zed\" Adams", "alice@contoso.com"]]),
                new(DataCategory.EmailContent, ["Sent at", "From", "To", "Subject", "Body"],
                [
                    ["2025-03-01T09:00:00Z", "alice@contoso.com", "bob@fabrikam.com", "Hello", "Line one\nLine two <b>"],
                    ["2025-03-02T09:00:00Z", "bob@fabrikam.com", "alice@contoso.com", "Re: Hello", "Ünïcödé & 漢字"],
                ]),
            ]),
            new(IdentifierKind.PhoneNumber, "+14155550199", false, []),
        ]);
}
