using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.App.Services.Audit;

/// <summary>Reads back the head digest printed on exports (<c>sequence:hash</c>, as <see cref="AuditHead.ToString"/> writes it).</summary>
public static class AuditHeadText
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out AuditHead? head)
    {
        head = null;
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 2) return false;
        if (!long.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 0) return false;
        var hash = parts[1].Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)) return false;
        head = new AuditHead(sequence, hash);
        return true;
    }
}
