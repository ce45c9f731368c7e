using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Domain;

public sealed class SubmissionKeyTests
{
    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"8e03978e\"", "8e03978e")]
    [InlineData("  abc  ", "abc")]
    public void AVisibleAsciiKeyIsAcceptedAndAQuotedOneLosesItsQuotes(string text, string expected)
    {
        Assert.True(SubmissionKey.TryParse(text, out var key, out _));
        Assert.Equal(expected, key.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\"\"", "empty")]
    [InlineData("a b", "visible ASCII")]
    [InlineData("schlüssel", "visible ASCII")]
    [InlineData("a\"b", "visible ASCII")]
    public void AnUnusableKeyIsRefusedWithAReason(string text, string reason)
    {
        Assert.False(SubmissionKey.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyLongerThanTheLimitIsRefused()
    {
        Assert.True(SubmissionKey.TryParse(new string('k', SubmissionKey.MaxLength), out _, out _));
        Assert.False(SubmissionKey.TryParse(new string('k', SubmissionKey.MaxLength + 1), out _, out _));
    }

    [Fact]
    public void TheFingerprintChangesWithAnyFieldOrTheDocumentAndOnlyThen()
    {
        var key = SubmissionKey.New();
        var registration = Registrations.CourtOrder(ComplianceAppFactory.DefaultNow);

        var same = RegistrationSubmission.Of(key, registration with { }, null);

        Assert.Equal(RegistrationSubmission.Of(key, registration, null).Fingerprint, same.Fingerprint);
        Assert.NotEqual(same.Fingerprint, RegistrationSubmission.Of(key, registration with { Targets = ["acct-10009"] }, null).Fingerprint);
        Assert.NotEqual(same.Fingerprint, RegistrationSubmission.Of(key, registration with { DueAt = registration.DueAt.AddMinutes(1) }, null).Fingerprint);
        Assert.NotEqual(same.Fingerprint, RegistrationSubmission.Of(key, registration, new string('a', 64)).Fingerprint);
    }
}
