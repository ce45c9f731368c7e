using ComplianceReview.App.Documents;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Documents;

/// <summary>
/// The renderer prints what it is given and nothing else. Random customer data is generated with a fixed seed; only the
/// in-scope part goes into the snapshot, every held-out value carries a CANARY- marker. The in-scope values must all be
/// in the PDF's text, and no canary anywhere: text, metadata or raw bytes.
/// </summary>
public sealed class DisclosurePackageCanaryTests
{
    private const int Snapshots = 200;
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789äöüßéèñøåçÆŒŁ";

    private readonly DisclosurePackageRenderer _renderer = new();

    [Fact]
    public void PackagePrintsEveryInScopeValueAndNoHeldOutOne()
    {
        var random = new Random(20260302);
        for (var n = 0; n < Snapshots; n++)
        {
            var (snapshot, inScope, heldOut) = RandomCase(random, n);

            var package = _renderer.Render(snapshot, new RequestBuilder().With(r => r with { ApprovedScope = new("see sections", "see sections", "see sections") }).Build());
            var pdf = PdfReadBack.Read(package.Pdf);

            var text = pdf.NormalisedText;
            var metadata = string.Join("\n", pdf.Information.Values);
            foreach (var value in inScope)
                Assert.True(text.Contains(PdfReadBack.Normalise(value), StringComparison.Ordinal), $"snapshot {n}: \"{value}\" is missing");
            foreach (var canary in heldOut)
            {
                Assert.False(text.Contains(canary, StringComparison.Ordinal), $"snapshot {n}: {canary} is in the text");
                Assert.False(metadata.Contains(canary, StringComparison.Ordinal), $"snapshot {n}: {canary} is in the metadata");
                Assert.False(pdf.Raw.Contains(canary, StringComparison.Ordinal), $"snapshot {n}: {canary} is in the file");
            }
        }
    }

    private static (DataSnapshot Snapshot, List<string> InScope, List<string> HeldOut) RandomCase(Random random, int n)
    {
        var all = Enum.GetValues<DataCategory>();
        var approved = all.Where(_ => random.Next(2) == 0).DefaultIfEmpty(all[random.Next(all.Length)]).Distinct().Order().ToList();
        var inScope = new List<string>();
        var heldOut = new List<string>();

        var identifiers = new List<IdentifierRecords>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var name = $"user{n}x{i}@example.org";
            inScope.Add(name);
            var found = random.Next(6) != 0;
            var categories = new List<CategoryRecords>();
            foreach (var category in all)
            {
                var rows = Enumerable.Range(0, random.Next(0, 4))
                    .Select(_ => (IReadOnlyList<string>)category.Info().Fields.Select(_ => Value(random)).ToList())
                    .ToList();
                if (found && approved.Contains(category))
                {
                    categories.Add(new CategoryRecords(category, category.Info().Fields, rows));
                    inScope.AddRange(rows.SelectMany(r => r));
                }
                else
                {
                    // What the customer has but the order does not cover: never handed to the renderer.
                    heldOut.AddRange(rows.SelectMany(r => r).Select(_ => Canary(random)));
                }
            }
            identifiers.Add(new IdentifierRecords(IdentifierKind.Email, name, found, found ? categories : []));
        }

        // Another customer's data and rows outside the date range: held out as well.
        heldOut.Add(Canary(random));
        heldOut.Add(Canary(random));

        var snapshot = new DataSnapshot(RequestBuilder.DefaultReference, SnapshotBuilder.TakenAt, approved,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), identifiers);
        return (snapshot, inScope, heldOut);
    }

    private static string Value(Random random)
    {
        var words = random.Next(1, random.Next(8) == 0 ? 40 : 4);
        return string.Join(' ', Enumerable.Range(0, words).Select(_ =>
            new string(Enumerable.Range(0, random.Next(1, random.Next(10) == 0 ? 120 : 14)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray())));
    }

    private static string Canary(Random random) => "CANARY-" + random.Next().ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
}
