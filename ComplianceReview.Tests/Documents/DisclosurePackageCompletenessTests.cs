using ComplianceReview.App.Documents;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Documents;

/// <summary>
/// The renderer prints every value it is given, whatever its length or script: random snapshots (fixed seed) with long
/// and short values in Latin and non-Latin letters must show every value in the PDF's text. That nothing outside the
/// order's scope reaches the renderer is proven where the data is, by <c>ExtractionCanaryTests</c>: a renderer test cannot
/// show it, because the renderer never sees what was left out.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class DisclosurePackageCompletenessTests
{
    private const int Snapshots = 200;
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789äöüßéèñøåçÆŒŁ";

    private readonly DisclosurePackageRenderer _renderer = new();

    [Fact]
    public void PackagePrintsEveryValueOfTheSnapshot()
    {
        var random = new Random(20260302);
        var printed = 0;
        for (var n = 0; n < Snapshots; n++)
        {
            var (snapshot, values) = RandomCase(random, n);

            var package = _renderer.Render(snapshot, new RequestBuilder().With(r => r with { ApprovedScope = new("see sections", "see sections", "see sections") }).Build());
            var text = PdfReadBack.Read(package.Pdf).NormalisedText;

            foreach (var value in values)
                Assert.True(text.Contains(PdfReadBack.Normalise(value), StringComparison.Ordinal), $"snapshot {n}: \"{value}\" is missing");
            printed += values.Count;
        }
        Assert.True(printed > Snapshots * 10, $"only {printed} values over {Snapshots} snapshots");
    }

    private static (DataSnapshot Snapshot, List<string> Values) RandomCase(Random random, int n)
    {
        var all = Enum.GetValues<DataCategory>();
        var approved = all.Where(_ => random.Next(2) == 0).DefaultIfEmpty(all[random.Next(all.Length)]).Distinct().Order().ToList();
        var values = new List<string>();

        var identifiers = new List<IdentifierRecords>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var name = $"user{n}x{i}@example.org";
            values.Add(name);
            var found = random.Next(6) != 0;
            var categories = new List<CategoryRecords>();
            foreach (var category in found ? approved : [])
            {
                var rows = Enumerable.Range(0, random.Next(0, 4))
                    .Select(_ => (IReadOnlyList<string>)category.Info().Fields.Select(_ => Value(random)).ToList())
                    .ToList();
                categories.Add(new CategoryRecords(category, category.Info().Fields, rows));
                values.AddRange(rows.SelectMany(r => r));
            }
            identifiers.Add(new IdentifierRecords(IdentifierKind.Email, name, found, categories));
        }

        var snapshot = new DataSnapshot(RequestBuilder.DefaultReference, SnapshotBuilder.TakenAt, approved,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), identifiers);
        return (snapshot, values);
    }

    private static string Value(Random random)
    {
        var words = random.Next(1, random.Next(8) == 0 ? 40 : 4);
        return string.Join(' ', Enumerable.Range(0, words).Select(_ =>
            new string(Enumerable.Range(0, random.Next(1, random.Next(10) == 0 ? 120 : 14)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray())));
    }
}
