using ComplianceReview.App.Documents;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Documents;

/// <summary>Builds snapshots: identifiers with rows per category, columns taken from the category's fields.</summary>
internal sealed class SnapshotBuilder
{
    public static readonly DateTimeOffset TakenAt = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly List<IdentifierRecords> _identifiers = [];
    private List<DataCategory> _categories = [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory];
    private string _reference = RequestBuilder.DefaultReference;

    public SnapshotBuilder WithReference(string reference)
    {
        _reference = reference;
        return this;
    }

    public SnapshotBuilder WithCategories(params DataCategory[] categories)
    {
        _categories = [.. categories];
        return this;
    }

    public SnapshotBuilder WithIdentifier(string identifier, params (DataCategory Category, IReadOnlyList<IReadOnlyList<string>> Rows)[] data)
    {
        var categories = data.Select(d => new CategoryRecords(d.Category, d.Category.Info().Fields, d.Rows)).ToList();
        _identifiers.Add(new IdentifierRecords(KindOf(identifier), identifier, Found: true, categories));
        return this;
    }

    public SnapshotBuilder WithUnknownIdentifier(string identifier)
    {
        _identifiers.Add(new IdentifierRecords(KindOf(identifier), identifier, Found: false, []));
        return this;
    }

    public DataSnapshot Build() => new(
        _reference, TakenAt, _categories,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero),
        _identifiers);

    public static IReadOnlyList<IReadOnlyList<string>> ConnectionRows(int count, int seed = 1)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count)
            .Select(i => (IReadOnlyList<string>)
            [
                start.AddSeconds(i * 97L).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                $"203.0.{(i * seed / 250) % 250}.{i % 250 + 1}",
            ])
            .ToList();
    }

    private static IdentifierKind KindOf(string identifier) =>
        identifier.Contains('@') ? IdentifierKind.Email : identifier.StartsWith('+') ? IdentifierKind.PhoneNumber : IdentifierKind.AccountId;
}

internal sealed class RequestBuilder
{
    public const string DefaultReference = "LD-2026-000042";
    public static readonly DateTimeOffset ApprovedAt = new(2026, 3, 2, 14, 5, 6, TimeSpan.Zero);

    private DisclosurePackageRequest _request = new(
        DefaultReference,
        "Metropolitan Police Service",
        "GB",
        ProcessType.CourtOrder,
        "CASE-2026-7781",
        "Westminster Magistrates' Court",
        new ApprovedScopeWording("alice@example.org", "Subscriber identity, Connection history", "2026-01-01 00:00:00 UTC to 2026-02-28 23:59:59 UTC, both included"),
        "CR",
        "Dana Whitfield",
        ApprovedAt);

    public RequestBuilder With(Func<DisclosurePackageRequest, DisclosurePackageRequest> change)
    {
        _request = change(_request);
        return this;
    }

    public DisclosurePackageRequest Build() => _request;
}
