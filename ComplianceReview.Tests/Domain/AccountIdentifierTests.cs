using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class AccountIdentifierTests
{
    public static TheoryData<string, IdentifierKind, string> Normalised => new()
    {
        // E-mail: trimmed, lower-cased, inner spaces removed.
        { "alice@contoso.com", IdentifierKind.Email, "alice@contoso.com" },
        { " Alice@Contoso.COM ", IdentifierKind.Email, "alice@contoso.com" },
        { "\tBOB.Smith+tag@Mail.Contoso.co.uk\r\n", IdentifierKind.Email, "bob.smith+tag@mail.contoso.co.uk" },
        { "alice @ contoso.com", IdentifierKind.Email, "alice@contoso.com" },
        { "o'brien@fabrikam-inc.com", IdentifierKind.Email, "o'brien@fabrikam-inc.com" },
        { "everyone@contoso.com", IdentifierKind.Email, "everyone@contoso.com" },
        // Phone: separators dropped, international 00 prefix becomes +.
        { "+1 (415) 555-0100", IdentifierKind.PhoneNumber, "+14155550100" },
        { "+14155550100", IdentifierKind.PhoneNumber, "+14155550100" },
        { "0044 20 7946 0958", IdentifierKind.PhoneNumber, "+442079460958" },
        { "+44 20.7946.0958", IdentifierKind.PhoneNumber, "+442079460958" },
        { "  +49  30   901820 ", IdentifierKind.PhoneNumber, "+4930901820" },
        // Account id: lower-cased.
        { "ACCT-00042", IdentifierKind.AccountId, "acct-00042" },
        { " User_Name-7 ", IdentifierKind.AccountId, "user_name-7" },
        { "abc", IdentifierKind.AccountId, "abc" },
    };

    [Theory]
    [MemberData(nameof(Normalised))]
    public void TryParseDetectsKindAndNormalisesValue(string input, IdentifierKind kind, string value)
    {
        var ok = AccountIdentifier.TryParse(input, out var identifier, out var error);

        Assert.True(ok, error?.Message);
        Assert.Null(error);
        Assert.Equal(kind, identifier!.Kind);
        Assert.Equal(value, identifier.Value);
        Assert.Equal(value, identifier.ToString());
    }

    [Theory]
    [MemberData(nameof(Normalised))]
    public void ParsingTheNormalisedValueAgainGivesAnEqualIdentifier(string input, IdentifierKind kind, string value)
    {
        var first = AccountIdentifier.Parse(input);
        var again = AccountIdentifier.Parse(kind, value);

        Assert.Equal(first, again);
        Assert.Equal(first.GetHashCode(), again.GetHashCode());
    }

    public static TheoryData<string?, IdentifierProblem> Refused => new()
    {
        { null, IdentifierProblem.Empty },
        { "", IdentifierProblem.Empty },
        { "   ", IdentifierProblem.Empty },
        { "\t\r\n", IdentifierProblem.Empty },
        // Wildcards.
        { "*@contoso.com", IdentifierProblem.Wildcard },
        { "alice*", IdentifierProblem.Wildcard },
        { "%@contoso.com", IdentifierProblem.Wildcard },
        { "al?ce@contoso.com", IdentifierProblem.Wildcard },
        { "+1415555%", IdentifierProblem.Wildcard },
        { "*.contoso.com", IdentifierProblem.Wildcard },
        // Whole domains.
        { "@contoso.com", IdentifierProblem.BareDomain },
        { " @Contoso.COM ", IdentifierProblem.BareDomain },
        { "contoso.com", IdentifierProblem.BareDomain },
        { "mail.contoso.co.uk", IdentifierProblem.BareDomain },
        { "CONTOSO.COM", IdentifierProblem.BareDomain },
        // Blanket words.
        { "all", IdentifierProblem.BlanketWord },
        { "ANY", IdentifierProblem.BlanketWord },
        { "all users", IdentifierProblem.BlanketWord },
        { "  All   Users ", IdentifierProblem.BlanketWord },
        { "all accounts", IdentifierProblem.BlanketWord },
        { "everyone", IdentifierProblem.BlanketWord },
        { "all subscribers", IdentifierProblem.BlanketWord },
        // Malformed.
        { "alice@contoso", IdentifierProblem.Malformed },
        { "alice@@contoso.com", IdentifierProblem.Malformed },
        { "alice@contoso..com", IdentifierProblem.Malformed },
        { "alice@-contoso.com", IdentifierProblem.Malformed },
        { "alice@contoso.c", IdentifierProblem.Malformed },
        { "+1-800-FLOWERS", IdentifierProblem.Malformed },
        { "+0123456789", IdentifierProblem.Malformed },
        { "+1234567", IdentifierProblem.Malformed },
        { "+1234567890123456", IdentifierProblem.Malformed },
        { "415 555 0100", IdentifierProblem.Malformed },
        { "ab", IdentifierProblem.Malformed },
        { "-acct42", IdentifierProblem.Malformed },
        { "acct 42", IdentifierProblem.Malformed },
        { "acct#42", IdentifierProblem.Malformed },
        { "älice", IdentifierProblem.Malformed },
        // Control characters.
        { "alice\0@contoso.com", IdentifierProblem.Malformed },
        { "acct\u001b42", IdentifierProblem.Malformed },
        { "\u0007alice@contoso.com", IdentifierProblem.Malformed },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryParseRefusesWithTheRightProblemAndAMessage(string? input, IdentifierProblem problem)
    {
        var ok = AccountIdentifier.TryParse(input, out var identifier, out var error);

        Assert.False(ok);
        Assert.Null(identifier);
        Assert.Equal(problem, error!.Problem);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(problem is IdentifierProblem.Wildcard or IdentifierProblem.BareDomain or IdentifierProblem.BlanketWord, error.IsBroad);
        var thrown = Assert.Throws<FormatException>(() => AccountIdentifier.Parse(input!));
        Assert.Equal(error.Message, thrown.Message);
    }

    [Fact]
    public void ALoneAsteriskIsRefusedAsBroad()
    {
        Assert.False(AccountIdentifier.TryParse("*", out _, out var error));
        Assert.True(error.IsBroad);
    }

    [Theory]
    [InlineData(IdentifierKind.Email)]
    [InlineData(IdentifierKind.AccountId)]
    [InlineData(IdentifierKind.PhoneNumber)]
    public void BroadInputIsRefusedWhateverTheDeclaredKind(IdentifierKind kind)
    {
        Assert.False(AccountIdentifier.TryParse(kind, "all users", out _, out var blanket));
        Assert.Equal(IdentifierProblem.BlanketWord, blanket.Problem);
        Assert.False(AccountIdentifier.TryParse(kind, "@contoso.com", out _, out var domain));
        Assert.Equal(IdentifierProblem.BareDomain, domain.Problem);
        Assert.False(AccountIdentifier.TryParse(kind, "a*", out _, out var wildcard));
        Assert.Equal(IdentifierProblem.Wildcard, wildcard.Problem);
    }

    [Fact]
    public void TheMessageQuotesTheOffendingInput()
    {
        AccountIdentifier.TryParse("  all users ", out _, out var error);

        Assert.Contains("\"all users\"", error!.Message, StringComparison.Ordinal);
    }

    public static TheoryData<IdentifierKind, string, bool, string?> ExplicitKind => new()
    {
        { IdentifierKind.Email, " Alice@Contoso.com", true, "alice@contoso.com" },
        { IdentifierKind.Email, "acct-42", false, null },
        { IdentifierKind.PhoneNumber, "0044 20 7946 0958", true, "+442079460958" },
        { IdentifierKind.PhoneNumber, "alice@contoso.com", false, null },
        { IdentifierKind.AccountId, "12345678", true, "12345678" },
        { IdentifierKind.AccountId, "+14155550100", false, null },
    };

    [Theory]
    [MemberData(nameof(ExplicitKind))]
    public void TryParseWithAKindParsesAsThatKindOnly(IdentifierKind kind, string input, bool accepted, string? value)
    {
        var ok = AccountIdentifier.TryParse(kind, input, out var identifier, out var error);

        Assert.Equal(accepted, ok);
        if (accepted)
        {
            Assert.Equal(kind, identifier!.Kind);
            Assert.Equal(value, identifier.Value);
        }
        else
        {
            Assert.Equal(IdentifierProblem.Malformed, error!.Problem);
        }
    }

    [Fact]
    public void AnEmailUpToTheLengthLimitIsAccepted()
    {
        var email = Email(AccountIdentifier.MaxLength);

        Assert.True(AccountIdentifier.TryParse(email, out var identifier, out var error), error?.Message);
        Assert.Equal(AccountIdentifier.MaxLength, identifier.Value.Length);
    }

    [Theory]
    [InlineData(AccountIdentifier.MaxLength + 1)]
    [InlineData(AccountIdentifier.MaxInputLength)]
    [InlineData(AccountIdentifier.MaxInputLength + 1)]
    [InlineData(100_000)]
    public void AnIdentifierOverTheLengthLimitIsRefusedAsTooLong(int length)
    {
        Assert.False(AccountIdentifier.TryParse(Email(length), out _, out var error));
        Assert.Equal(IdentifierProblem.TooLong, error.Problem);
        Assert.Contains(AccountIdentifier.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SurroundingWhiteSpaceDoesNotCountTowardsTheLimit()
    {
        var padded = "   " + Email(AccountIdentifier.MaxLength) + "   ";

        Assert.True(AccountIdentifier.TryParse(padded, out _, out var error), error?.Message);
    }

    [Fact]
    public void IdentifiersAreEqualByKindAndNormalisedValue()
    {
        Assert.Equal(AccountIdentifier.Parse(" ALICE@contoso.com"), AccountIdentifier.Parse("alice@CONTOSO.com "));
        Assert.Equal(AccountIdentifier.Parse("+1 (415) 555-0100"), AccountIdentifier.Parse("001 415 555 0100"));
        Assert.NotEqual(AccountIdentifier.Parse(IdentifierKind.AccountId, "14155550100"), AccountIdentifier.Parse("+14155550100"));
    }

    /// <summary>A syntactically valid address of exactly <paramref name="length"/> characters (domain labels of at most 63).</summary>
    private static string Email(int length)
    {
        const string local = "alice@";
        const string tld = ".com";
        var remaining = length - local.Length - tld.Length;
        var labels = new List<string>();
        while (remaining > 63)
        {
            var label = Math.Min(63, remaining - 2); // leave at least one character after the dot
            labels.Add(new string('d', label));
            remaining -= label + 1;
        }
        labels.Add(new string('d', remaining));
        return local + string.Join('.', labels) + tld;
    }
}
