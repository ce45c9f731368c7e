using System.Security.Cryptography;
using System.Text;
using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Reports;

/// <summary>A figure that differs between the published report and the same period computed now.</summary>
public sealed record CellDifference(string Section, string Row, string Column, string? Published, string? Current);

/// <summary>
/// The frozen figures of a published period: the report's canonical form and its SHA-256. The canonical form is the
/// report's cells, one per line as <c>section TAB row TAB column TAB value</c>, in <see cref="TransparencyReport.Cells"/>
/// order, after a header naming the format version and period; UTF-8, LF line ends, no trailing spaces. Publishing the
/// same figures always gives the same bytes and hash, so anyone can recompute and check it.
/// </summary>
public sealed class PublishedTransparencyReport
{
    public const string FormatHeader = "ComplianceReview transparency report v1";
    public const int PeriodLength = 7;

    private PublishedTransparencyReport()
    {
        Period = "";
        PublishedById = "";
        PublishedByName = "";
        CanonicalForm = "";
        Sha256 = "";
    }

    public Guid Id { get; private set; }

    /// <summary>The half-year, as <c>2026-H2</c>; a period is published once.</summary>
    public string Period { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }
    public string PublishedById { get; private set; }
    public string PublishedByName { get; private set; }
    public string CanonicalForm { get; private set; }
    public string Sha256 { get; private set; }

    public static PublishedTransparencyReport Publish(TransparencyReport report, UserRef by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(by);
        if (now < report.Period.EndExclusive)
            throw new DomainException($"{report.Period} is not over yet; a period can be published from {report.Period.EndExclusive:yyyy-MM-dd}.");
        var canonical = CanonicalFormOf(report);
        return new PublishedTransparencyReport
        {
            Id = Guid.NewGuid(),
            Period = report.Period.ToString(),
            PublishedAt = now,
            PublishedById = by.Id,
            PublishedByName = by.Name,
            CanonicalForm = canonical,
            Sha256 = HashOf(canonical),
        };
    }

    /// <summary>Whether the stored figures still hash to the stored hash (they were not edited after publishing).</summary>
    public bool IsIntact => string.Equals(HashOf(CanonicalForm), Sha256, StringComparison.Ordinal);

    public static string CanonicalFormOf(TransparencyReport report)
    {
        var text = new StringBuilder().Append(FormatHeader).Append('\n').Append("period\t").Append(report.Period).Append('\n');
        foreach (var cell in report.Cells())
            text.Append(cell.Section).Append('\t').Append(cell.Row).Append('\t').Append(cell.Column).Append('\t').Append(cell.Value).Append('\n');
        return text.ToString();
    }

    public static string HashOf(string canonicalForm) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalForm)));

    /// <summary>The published figures, read back from the canonical form.</summary>
    public IReadOnlyList<ReportCell> Cells() =>
        CanonicalForm.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 4)
            .Select(parts => new ReportCell(parts[0], parts[1], parts[2], parts[3]))
            .ToList();

    /// <summary>Every figure that differs between the published report and <paramref name="current"/>, rows that appeared or vanished included.</summary>
    public IReadOnlyList<CellDifference> CompareWith(TransparencyReport current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Period.ToString() != Period) throw new ArgumentException($"Comparing {Period} with {current.Period}.", nameof(current));
        var published = Cells().ToDictionary(c => c.Key);
        var now = current.Cells();
        var differences = new List<CellDifference>();
        foreach (var cell in now)
        {
            published.TryGetValue(cell.Key, out var before);
            if (before?.Value != cell.Value) differences.Add(new(cell.Section, cell.Row, cell.Column, before?.Value, cell.Value));
        }
        var currentKeys = now.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        differences.AddRange(published.Values.Where(c => !currentKeys.Contains(c.Key)).Select(c => new CellDifference(c.Section, c.Row, c.Column, c.Value, null)));
        return differences;
    }
}
