using System.Globalization;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.App.Services.Audit;

/// <summary>Text formats shared by the CSV and PDF exports.</summary>
public static class AuditExportText
{
    public const string HeadDigestLabel = "Head digest";

    public static string HeadDigestLine(AuditHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return $"{HeadDigestLabel}: {head}";
    }

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string IsoTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. A value that a spreadsheet
    /// would run as a formula (starts with = + - @, tab or CR) gets a leading apostrophe (OWASP's CSV injection advice):
    /// such a value can only come from a person's name or free text, never from a hash, a sequence or a time.
    /// </summary>
    public static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string CsvLine(IEnumerable<string?> fields) => string.Join(',', fields.Select(CsvField));

    /// <summary>A file name built only from safe characters: letters, digits, dot, dash, underscore.</summary>
    public static string SafeFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var cleaned = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return cleaned.Length == 0 ? "export" : cleaned;
    }
}
