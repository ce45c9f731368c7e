using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ComplianceReview.Domain.Demands;

public enum IdentifierKind
{
    Email,
    AccountId,
    PhoneNumber,
}

/// <summary>Why a line could not become an <see cref="AccountIdentifier"/>.</summary>
public enum IdentifierProblem
{
    Empty,
    TooLong,
    Wildcard,
    BareDomain,
    BlanketWord,
    Malformed,
}

public sealed record IdentifierError(IdentifierProblem Problem, string Message)
{
    /// <summary>Broad requests (wildcards, whole domains, "all users") are what the no-blanket-access principle refuses.</summary>
    public bool IsBroad => Problem is IdentifierProblem.Wildcard or IdentifierProblem.BareDomain or IdentifierProblem.BlanketWord;
}

/// <summary>
/// One specific account named by a demand: an e-mail address, a provider account id or an E.164 phone number.
/// Created only by <see cref="TryParse(string, out AccountIdentifier?, out IdentifierError?)"/>, so every instance is specific and normalised.
/// </summary>
public sealed partial record AccountIdentifier
{
    public const int MaxLength = 254;
    public const int MaxInputLength = 512;

    private static readonly HashSet<string> BlanketWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "all", "any", "every", "everyone", "everybody", "all users", "all accounts", "any user", "any account",
        "all customers", "all subscribers", "anyone", "*", "n/a", "none", "unknown",
    };

    private AccountIdentifier(IdentifierKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public IdentifierKind Kind { get; }

    /// <summary>The normalised value: lower-case e-mail and account id, E.164 phone number.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>Parses a line, detecting its kind: an '@' makes an e-mail, a leading '+' a phone number, anything else an account id.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out AccountIdentifier? identifier, [NotNullWhen(false)] out IdentifierError? error)
    {
        identifier = null;
        if (!TryClean(input, out var text, out error)) return false;

        var kind = text.Contains('@') ? IdentifierKind.Email
            : text.StartsWith('+') || PhoneLike().IsMatch(text) ? IdentifierKind.PhoneNumber
            : IdentifierKind.AccountId;
        return TryParseAs(kind, text, out identifier, out error);
    }

    /// <summary>Parses a value of a known kind.</summary>
    public static bool TryParse(IdentifierKind kind, string? input, [NotNullWhen(true)] out AccountIdentifier? identifier, [NotNullWhen(false)] out IdentifierError? error)
    {
        identifier = null;
        if (!TryClean(input, out var text, out error)) return false;
        return TryParseAs(kind, text, out identifier, out error);
    }

    public static AccountIdentifier Parse(string input) =>
        TryParse(input, out var identifier, out var error) ? identifier : throw new FormatException(error.Message);

    public static AccountIdentifier Parse(IdentifierKind kind, string input) =>
        TryParse(kind, input, out var identifier, out var error) ? identifier : throw new FormatException(error.Message);

    private static bool TryClean(string? input, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out IdentifierError? error)
    {
        error = null;
        text = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = new(IdentifierProblem.Empty, "The identifier is empty. Name one specific account per line.");
            return false;
        }
        if (input.Length > MaxInputLength)
        {
            error = new(IdentifierProblem.TooLong, $"The identifier is longer than {MaxLength} characters.");
            return false;
        }
        var cleaned = WhiteSpace().Replace(input.Trim(), " ");
        if (cleaned.Any(char.IsControl))
        {
            error = new(IdentifierProblem.Malformed, "The identifier contains control characters.");
            return false;
        }
        if (BlanketWords.Contains(cleaned))
        {
            error = new(IdentifierProblem.BlanketWord, $"\"{cleaned}\" is not a specific account: blanket requests are refused. Name each account.");
            return false;
        }
        if (cleaned.IndexOfAny(['*', '%', '?']) >= 0)
        {
            error = new(IdentifierProblem.Wildcard, "Wildcards (*, %, ?) are refused: name each account exactly.");
            return false;
        }
        if (cleaned.StartsWith('@') || (cleaned.Contains('.') && !cleaned.Contains('@') && DomainLike().IsMatch(cleaned)))
        {
            error = new(IdentifierProblem.BareDomain, $"\"{cleaned}\" names a whole domain, not an account: name each address.");
            return false;
        }
        if (cleaned.Length > MaxLength)
        {
            error = new(IdentifierProblem.TooLong, $"The identifier is longer than {MaxLength} characters.");
            return false;
        }
        text = cleaned;
        return true;
    }

    private static bool TryParseAs(IdentifierKind kind, string text, out AccountIdentifier? identifier, out IdentifierError? error)
    {
        identifier = null;
        error = null;
        switch (kind)
        {
            case IdentifierKind.Email:
                var email = text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
                if (!Email().IsMatch(email))
                {
                    error = new(IdentifierProblem.Malformed, $"\"{text}\" is not a valid e-mail address (expected name@domain.tld).");
                    return false;
                }
                identifier = new(kind, email);
                return true;

            case IdentifierKind.PhoneNumber:
                var phone = PhoneSeparators().Replace(text, "");
                if (phone.StartsWith("00", StringComparison.Ordinal)) phone = "+" + phone[2..];
                if (!E164().IsMatch(phone))
                {
                    error = new(IdentifierProblem.Malformed, $"\"{text}\" is not an E.164 phone number (expected + then country code and number, 8 to 15 digits).");
                    return false;
                }
                identifier = new(kind, phone);
                return true;

            case IdentifierKind.AccountId:
                var account = text.ToLowerInvariant();
                if (!AccountId().IsMatch(account))
                {
                    error = new(IdentifierProblem.Malformed, $"\"{text}\" is not a valid account id (3 to 64 letters, digits, '-' or '_', starting with a letter or digit).");
                    return false;
                }
                identifier = new(kind, account);
                return true;

            default:
                error = new(IdentifierProblem.Malformed, "Unknown identifier kind.");
                return false;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^[a-z0-9.!#$&'+/=^_`{|}~-]{1,64}@(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^[\d\s\-().]{8,}$")]
    private static partial Regex PhoneLike();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{2,63}$")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex DomainLike();
}
