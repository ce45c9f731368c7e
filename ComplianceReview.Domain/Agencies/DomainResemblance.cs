using System.Globalization;
using System.Text;

namespace ComplianceReview.Domain.Agencies;

/// <summary>
/// Whether a domain imitates an official one: the forged-sender tricks seen in practice. A sender domain that is an
/// official domain (or a subdomain of it) never resembles it; it is it.
/// <list type="bullet">
/// <item>Homoglyphs: the same "skeleton" after mapping characters that look alike (Cyrillic а/е/о/р/с, Greek ο, 0→o, 1/l/I,
/// rn→m, vv→w) and dropping hyphens: <c>met-pol1ce.uk</c>, <c>mеt.police.uk</c> with a Cyrillic е.</item>
/// <item>Typos: one or two edits (insert, delete, substitute, swap) from the official domain: <c>met.polcie.uk</c>.</item>
/// <item>Embedding: the official name inside another domain: <c>met.police.uk.secure-login.com</c>, <c>metpoliceuk.org</c>.</item>
/// </list>
/// </summary>
public static class DomainResemblance
{
    private const int MinEmbeddedLength = 7;

    public static bool Imitates(EmailDomain candidate, EmailDomain official)
    {
        if (candidate.IsWithin(official)) return false;
        var candidateSkeleton = Skeleton(candidate.Display);
        var officialSkeleton = Skeleton(official.Display);
        if (candidateSkeleton == officialSkeleton) return true;

        var allowedEdits = official.Value.Length >= 10 ? 2 : official.Value.Length >= 5 ? 1 : 0;
        if (allowedEdits > 0 && Math.Abs(candidate.Value.Length - official.Value.Length) <= allowedEdits
            && EditDistance(candidate.Value, official.Value, allowedEdits) <= allowedEdits)
            return true;

        // The official name carried inside: a subdomain of someone else's domain, or the name run together.
        var flatOfficial = officialSkeleton.Replace(".", "", StringComparison.Ordinal);
        var flatCandidate = candidateSkeleton.Replace(".", "", StringComparison.Ordinal);
        return flatOfficial.Length >= MinEmbeddedLength && flatCandidate.Contains(flatOfficial, StringComparison.Ordinal);
    }

    /// <summary>The official domain among <paramref name="officials"/> that <paramref name="candidate"/> imitates, if any.</summary>
    public static EmailDomain? ImitatedAmong(EmailDomain candidate, IEnumerable<EmailDomain> officials) =>
        officials.FirstOrDefault(o => Imitates(candidate, o));

    /// <summary>Lower case, decomposed, accents dropped, look-alike characters mapped to one, hyphens removed.</summary>
    public static string Skeleton(string domain)
    {
        var decomposed = domain.ToLowerInvariant().Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (c is '-' or '_') continue;
            builder.Append(Confusable(c));
        }
        return builder.ToString()
            .Replace("rn", "m", StringComparison.Ordinal)
            .Replace("vv", "w", StringComparison.Ordinal)
            .Replace("cl", "d", StringComparison.Ordinal);
    }

    private static char Confusable(char c) => c switch
    {
        '0' or 'о' or 'ο' or 'օ' => 'o',
        '1' or 'i' or 'ı' or 'í' or 'ӏ' or 'І' or 'і' or '|' or 'ι' => 'l',
        '3' or 'е' or 'ё' or 'є' => 'e',
        '5' or 'ѕ' => 's',
        '4' or 'а' or 'ɑ' or 'α' => 'a',
        'р' or 'ρ' => 'p',
        'с' or 'ϲ' => 'c',
        'х' or 'χ' => 'x',
        'у' or 'γ' => 'y',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' or 'ѡ' => 'w',
        'к' or 'κ' => 'k',
        'м' => 'm',
        'н' => 'h',
        'т' or 'τ' => 't',
        'в' => 'b',
        'ν' => 'v',
        'ɡ' => 'g',
        _ => c,
    };

    /// <summary>Optimal string alignment distance, stopping early once it exceeds <paramref name="limit"/>.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, d[i - 2, j - 2] + 1);
                d[i, j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > limit) return rowMin;
        }
        return d[a.Length, b.Length];
    }
}
