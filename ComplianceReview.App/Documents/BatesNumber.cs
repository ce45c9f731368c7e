using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceReview.App.Documents;

/// <summary>Bates numbers, <c>{prefix}-{000001}</c>: one per page, contiguous within a package, starting at 1.</summary>
public static partial class BatesNumber
{
    public const int MaxPrefixLength = 10;

    /// <summary>1 to 10 upper-case letters or digits.</summary>
    public static bool IsValidPrefix(string? prefix) => prefix is not null && Prefix().IsMatch(prefix);

    public static string Format(string prefix, int number)
    {
        if (!IsValidPrefix(prefix)) throw new ArgumentException($"\"{prefix}\" is not a Bates prefix (1 to {MaxPrefixLength} upper-case letters or digits).", nameof(prefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:000000}");
    }

    [GeneratedRegex("^[A-Z0-9]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
