using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Reliability;

/// <summary>Hostile lines against <see cref="AccountIdentifier.TryParse(string?, out AccountIdentifier?, out IdentifierError?)"/>.</summary>
public sealed class AccountIdentifierFuzzTests
{
    private const int Inputs = 120_000;

    [Fact]
    public void TryParseNeverThrowsAndAcceptsOnlyNormalisedSpecificValues()
    {
        var hostile = new HostileText(seed: 20261129);
        var accepted = 0;

        for (var i = 0; i < Inputs; i++)
        {
            var input = hostile.Next();
            bool parsed;
            AccountIdentifier? identifier;
            try
            {
                parsed = AccountIdentifier.TryParse(input, out identifier, out _);
            }
            catch (Exception exception)
            {
                Assert.Fail($"Input #{i} {Describe(input)} threw {exception.GetType().Name}: {exception.Message}");
                return;
            }
            if (!parsed) continue;

            accepted++;
            AssertSpecificAndNormalised(identifier!, input, i);
            Assert.True(AccountIdentifier.TryParse(identifier!.Value, out var again, out var error),
                $"Input #{i} {Describe(input)} was accepted as '{identifier.Value}', which does not parse again: {error?.Message}");
            Assert.Equal(identifier, again);
        }

        // Enough plausible lines get through for the properties above to have been exercised.
        Assert.InRange(accepted, Inputs / 100, Inputs);
    }

    [Fact]
    public void TryParseOfAGivenKindNeverThrowsAndAcceptsOnlyNormalisedSpecificValues()
    {
        var hostile = new HostileText(seed: 4242);
        var kinds = Enum.GetValues<IdentifierKind>();

        for (var i = 0; i < Inputs; i++)
        {
            var input = hostile.Next();
            var kind = hostile.Pick(kinds);
            bool parsed;
            AccountIdentifier? identifier;
            try
            {
                parsed = AccountIdentifier.TryParse(kind, input, out identifier, out _);
            }
            catch (Exception exception)
            {
                Assert.Fail($"Input #{i} ({kind}) {Describe(input)} threw {exception.GetType().Name}: {exception.Message}");
                return;
            }
            if (!parsed) continue;

            AssertSpecificAndNormalised(identifier!, input, i);
            Assert.Equal(kind, identifier!.Kind);
            Assert.True(AccountIdentifier.TryParse(kind, identifier.Value, out var again, out _));
            Assert.Equal(identifier, again);
        }
    }

    [Fact]
    public void NullAndWhitespaceAreRefusedAsEmpty()
    {
        foreach (var input in new[] { null, "", " ", "\t\r\n", "\u00A0\u3000" })
        {
            Assert.False(AccountIdentifier.TryParse(input, out _, out var error));
            Assert.Equal(IdentifierProblem.Empty, error.Problem);
        }
    }

    private static void AssertSpecificAndNormalised(AccountIdentifier identifier, string input, int index)
    {
        var value = identifier.Value;
        var where = $"Input #{index} {Describe(input)} was accepted as '{value}'";
        Assert.InRange(value.Length, 1, AccountIdentifier.MaxLength);
        // Printable ASCII only: no control characters, no invisible or bidirectional marks, no whitespace.
        Assert.True(value.All(c => c is > ' ' and < '\u007F'), $"{where}: it holds a character outside printable ASCII.");
        Assert.True(value.IndexOfAny(['*', '%', '?']) < 0, $"{where}: it holds a wildcard.");
        if (identifier.Kind != IdentifierKind.PhoneNumber)
            Assert.True(value == value.ToLowerInvariant(), $"{where}: it is not lower-case.");
        else
            Assert.Matches(@"^\+[1-9][0-9]{7,14}$", value);
    }

    private static string Describe(string input) =>
        input.Length > 80 ? $"(length {input.Length}) \"{Escape(input[..80])}...\"" : $"\"{Escape(input)}\"";

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
