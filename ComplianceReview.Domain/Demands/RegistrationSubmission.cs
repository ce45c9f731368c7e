using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace ComplianceReview.Domain.Demands;

/// <summary>
/// The key of one submission of a registration: the intake form makes one per form it shows, a portal sends one in the
/// API's <c>Idempotency-Key</c> header. Every submission with the same key (by the same registering principal) is the
/// same registration: a double-click, a retry after a timeout or a resend after a reconnect finds the demand the first
/// one registered instead of registering another.
/// </summary>
public sealed record SubmissionKey
{
    public const int MaxLength = 255;

    private SubmissionKey(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>A fresh key for a form (random, 128 bits).</summary>
    public static SubmissionKey New() => new(Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Visible ASCII only, 1 to <see cref="MaxLength"/> characters. A key in double quotes (the structured-field string
    /// of the IETF Idempotency-Key draft) is taken without its quotes, so <c>"abc"</c> and <c>abc</c> are one key.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SubmissionKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        var value = text?.Trim() ?? "";
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
        if (value.Length == 0) problem = "The idempotency key is empty.";
        else if (value.Length > MaxLength) problem = $"An idempotency key has at most {MaxLength} characters.";
        else if (value.Any(c => c is < '!' or > '~' || c == '"')) problem = "An idempotency key holds visible ASCII characters only (no spaces or quotes inside).";
        else
        {
            key = new SubmissionKey(value);
            problem = null;
            return true;
        }
        return false;
    }
}

/// <summary>
/// A submission of a registration: its key and a fingerprint of what was submitted. The same key with another fingerprint
/// is not a retry but a different request under a used key, and is refused rather than answered with the first demand.
/// </summary>
public sealed record RegistrationSubmission(SubmissionKey Key, string Fingerprint)
{
    public const int FingerprintLength = 64;

    /// <summary>The fingerprint of bytes as sent (the API's request body): SHA-256, lower-case hex.</summary>
    public static RegistrationSubmission OfBytes(SubmissionKey key, ReadOnlySpan<byte> request) =>
        new(key, Convert.ToHexStringLower(SHA256.HashData(request)));

    /// <summary>
    /// The fingerprint of a registration as a form submits it, with the order document by its SHA-256: an edit to any field
    /// or another document makes it a different submission.
    /// </summary>
    public static RegistrationSubmission Of(SubmissionKey key, DemandRegistration registration, string? documentSha256)
    {
        ArgumentNullException.ThrowIfNull(registration);
        // The record's public properties in declaration order, enums as numbers, instants with their offset: the same
        // registration always serialises to the same bytes.
        var json = JsonSerializer.SerializeToUtf8Bytes(new { registration, documentSha256 });
        return new(key, Convert.ToHexStringLower(SHA256.HashData(json)));
    }
}
