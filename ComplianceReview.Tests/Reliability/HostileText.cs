using System.Text;

namespace ComplianceReview.Tests.Reliability;

/// <summary>
/// Seeded generator of hostile text: pieces that break parsers and renderers (RTL and zero-width marks, lone surrogates,
/// control characters, markup, SQL, wildcards, huge runs) mixed with pieces of plausible identifiers, so some inputs
/// get past the first checks. The same seed gives the same inputs, so a failure names a reproducible case.
/// </summary>
internal sealed class HostileText(int seed)
{
    private static readonly string[] Pieces =
    [
        "\u202E", "\u202D", "\u200F", "\u200E", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD",
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\uD834\uDD1E",
        "\0", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\r\n", "\u001B[31m", "\u007F", "\u0085", "\u009F", "\u2028", "\u2029", "\u00A0", "\u3000",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "javascript:alert(1)", "&lt;", "&#x3C;",
        "'; DROP TABLE Demands;--", "' OR '1'='1", "1; SELECT * FROM AuditEntries", "%' --", "\\", "\"", "'", "`",
        "*", "%", "?", "_", "all", "ALL USERS", "n/a", "@", "@@", ".", "..", "-", "+", "00", "(", ")",
        "İ", "ı", "ß", "Å", "K", "ﬁ", "١٢٣", "０１２", "𝟘𝟙", "é", "e\u0301", "Ω", "مرحبا", "שלום", "中文", "🙂",
        "alice", "acct-10001", "bob_77", "x", "contoso.com", "example.org", "mail", ".com", "+4930", "1234567", "555 0100", "00 49 30",
        "{", "}", "[", "]", "%s%n", "${jndi:ldap://x}", "{{7*7}}", "\\u0000", "%00", "%0d%0a",
    ];

    private static readonly string[] Plausible =
    [
        "alice@contoso.com", "ALICE@Contoso.COM", " bob.smith+tag@mail.example.org ", "acct-10001", "ACCT_20002", "user-1",
        "+49 30 1234567", "+1 (415) 555-0100", "0049 30 1234567", "+442071234567", "x@y.io", "a-b-c",
    ];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One hostile string: usually short, sometimes a plausible value with hostile pieces spliced in, rarely huge.</summary>
    public string Next()
    {
        var roll = _random.Next(100);
        if (roll < 2) return Huge();
        if (roll < 20) return Splice(Pick(Plausible));
        if (roll < 30) return RandomChars(_random.Next(0, 40));
        var builder = new StringBuilder();
        var count = _random.Next(1, 6);
        for (var i = 0; i < count; i++) builder.Append(Chance(0.8) ? Pick(Pieces) : RandomChars(_random.Next(1, 8)));
        return builder.ToString();
    }

    /// <summary>Some string for a free-text field: hostile most of the time, sometimes ordinary.</summary>
    public string NextText(string ordinary) => Chance(0.5) ? ordinary : Next();

    private string Splice(string value)
    {
        var position = _random.Next(value.Length + 1);
        return value[..position] + Pick(Pieces) + value[position..];
    }

    private string Huge()
    {
        var length = Pick(new[] { 255, 256, 511, 512, 513, 4001, 100_000 });
        var piece = Pick(new[] { "a", "\u200B", "<script>", "1", "@", "é" });
        var builder = new StringBuilder(length);
        while (builder.Length < length) builder.Append(piece);
        return builder.ToString(0, length);
    }

    /// <summary>Characters from anywhere in the BMP (lone surrogates included) or the printable ASCII range.</summary>
    private string RandomChars(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = Chance(0.5) ? (char)_random.Next(0x20, 0x7F) : (char)_random.Next(0, 0x10000);
        return new string(chars);
    }
}
