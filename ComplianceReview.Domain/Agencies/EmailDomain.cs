using System.Globalization;
using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Agencies;

/// <summary>
/// A mail domain in its ASCII (punycode) form, lower case: how two spellings of one domain compare equal, and how a
/// Unicode look-alike (Cyrillic "а" for Latin "a") shows up as the different domain it is.
/// </summary>
public sealed record EmailDomain
{
    public const int MaxLength = 253;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private EmailDomain(string ascii) => Value = ascii;

    /// <summary>ASCII form, lower case (for example <c>met.police.uk</c>, <c>xn--mt-police-9hb.uk</c>).</summary>
    public string Value { get; }

    /// <summary>The Unicode form, as a person would read it.</summary>
    public string Display => Unicode(Value);

    public IReadOnlyList<string> Labels => Value.Split('.');

    public static EmailDomain Parse(string? text) =>
        TryParse(text, out var domain, out var problem) ? domain : throw new DomainException(problem);

    public static bool TryParse(string? text, out EmailDomain domain, out string problem)
    {
        domain = null!;
        var trimmed = text?.Trim().TrimEnd('.') ?? "";
        if (trimmed.Length == 0) { problem = "A domain is required."; return false; }
        if (trimmed.Length > MaxLength) { problem = $"A domain has at most {MaxLength} characters."; return false; }
        string ascii;
        try
        {
            ascii = Idn.GetAscii(trimmed).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            problem = $"\"{Shorten(trimmed)}\" is not a valid domain name.";
            return false;
        }
        var labels = ascii.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63) || ascii.Length > MaxLength)
        {
            problem = $"\"{Shorten(trimmed)}\" is not a valid domain name (for example police.example.gov).";
            return false;
        }
        domain = new EmailDomain(ascii);
        problem = "";
        return true;
    }

    /// <summary>This domain, or a subdomain of it (<c>cid.met.police.uk</c> is within <c>met.police.uk</c>).</summary>
    public bool IsWithin(EmailDomain official) =>
        Value == official.Value || Value.EndsWith("." + official.Value, StringComparison.Ordinal);

    public override string ToString() => Value;

    private static string Unicode(string ascii)
    {
        try
        {
            return Idn.GetUnicode(ascii);
        }
        catch (ArgumentException)
        {
            return ascii;
        }
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

/// <summary>An e-mail address as the sender of a demand: local part and <see cref="EmailDomain"/>, compared case-insensitively.</summary>
public sealed record SenderAddress
{
    public const int MaxLength = 254;

    private SenderAddress(string localPart, EmailDomain domain)
    {
        LocalPart = localPart;
        Domain = domain;
    }

    public string LocalPart { get; }
    public EmailDomain Domain { get; }
    public string Value => $"{LocalPart}@{Domain.Value}";

    public static SenderAddress Parse(string? text) =>
        TryParse(text, out var address, out var problem) ? address : throw new DomainException(problem);

    public static bool TryParse(string? text, out SenderAddress address, out string problem)
    {
        address = null!;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) { problem = "A sender address is required."; return false; }
        if (trimmed.Length > MaxLength) { problem = $"An e-mail address has at most {MaxLength} characters."; return false; }
        var at = trimmed.LastIndexOf('@');
        var local = at > 0 ? trimmed[..at].ToLowerInvariant() : "";
        if (at <= 0 || local.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '@'))
        {
            problem = "The sender is not an e-mail address (name@domain).";
            return false;
        }
        if (!EmailDomain.TryParse(trimmed[(at + 1)..], out var domain, out problem)) return false;
        address = new SenderAddress(local, domain);
        return true;
    }

    public override string ToString() => Value;
}
