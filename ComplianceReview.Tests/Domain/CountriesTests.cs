using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class CountriesTests
{
    [Theory]
    [InlineData("US", "US")]
    [InlineData("de", "DE")]
    [InlineData(" ie ", "IE")]
    [InlineData("GB", "GB")]
    [InlineData("ax", "AX")]
    [InlineData("ZW", "ZW")]
    public void AssignedCodesAreAcceptedAndUpperCased(string code, string normalised)
    {
        Assert.True(Countries.IsAssigned(code));
        Assert.Equal(normalised, Countries.Normalise(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("UK")] // the United Kingdom is GB
    [InlineData("EU")]
    [InlineData("XK")] // user-assigned, not officially assigned
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("U")]
    [InlineData("U1")]
    [InlineData("U S")]
    public void AnythingElseIsRefused(string? code)
    {
        Assert.False(Countries.IsAssigned(code));
        Assert.Throws<DomainException>(() => Countries.Normalise(code));
    }

    [Fact]
    public void Exactly249CodesAreAssigned()
    {
        var letters = Enumerable.Range('A', 26).Select(c => (char)c).ToArray();
        var assigned = letters.SelectMany(a => letters.Select(b => $"{a}{b}")).Count(Countries.IsAssigned);

        Assert.Equal(249, assigned);
    }

    [Fact]
    public void ARequestingAgencyHasATrimmedNameAndANormalisedCountry()
    {
        var agency = new RequestingAgency("  Garda Síochána ", "ie");

        Assert.Equal("Garda Síochána", agency.Name);
        Assert.Equal("IE", agency.CountryCode);
        Assert.Throws<DomainException>(() => new RequestingAgency(" ", "IE"));
        Assert.Throws<DomainException>(() => new RequestingAgency("Garda", "Ireland"));
    }
}
