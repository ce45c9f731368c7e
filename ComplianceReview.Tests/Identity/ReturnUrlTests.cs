using ComplianceReview.App.Identity;

namespace ComplianceReview.Tests.Identity;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/demands")]
    [InlineData("/demands/42?tab=scope#findings")]
    public void LocalPathIsKept(string url) => Assert.Equal(url, ReturnUrl.MakeLocal(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("demands")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("javascript:alert(1)")]
    public void AnythingElseBecomesHome(string? url) => Assert.Equal("/", ReturnUrl.MakeLocal(url));
}
