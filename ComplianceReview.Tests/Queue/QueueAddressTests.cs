using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Queue;

/// <summary>
/// The queue's search once travelled in its address as <c>q</c>. An address that still has it (a bookmark, a typed URL) is
/// sent on to the same view without it, signed in or not, and nothing else about it changes.
/// </summary>
public sealed class QueueAddressTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private const string Account = "alice.searched@contoso.example";

    [Theory]
    [InlineData("/demands?q={0}", "/demands")]
    [InlineData("/demands?status=InReview&q={0}&size=10", "/demands?status=InReview&size=10")]
    [InlineData("/demands/?Q={0}&q=again&sort=DueDesc", "/demands/?sort=DueDesc")]
    [InlineData("/Demands?agency=Bundeskriminalamt%20%26%20Co&q={0}", "/Demands?agency=Bundeskriminalamt%20%26%20Co")]
    public async Task AnAddressWithTheSearchIsSentOnWithoutIt(string address, string expected)
    {
        using var reviewer = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        using var response = await reviewer.GetAsync(string.Format(address, Uri.EscapeDataString(Account)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignedOutTheSearchIsDroppedBeforeTheSignInKeepsTheReturnAddress()
    {
        using var anonymous = TestSignIn.CreateClient(app);

        using var response = await anonymous.GetAsync($"/demands?q={Uri.EscapeDataString(Account)}");
        using var signIn = await anonymous.GetAsync(response.Headers.Location);

        Assert.Equal("/demands", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("alice", signIn.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/demands?status=InReview", HttpStatusCode.OK)]
    [InlineData("/demands/new?q=x", HttpStatusCode.OK)]
    [InlineData("/audit/export.csv?q=x", HttpStatusCode.Forbidden)]
    public async Task OtherAddressesAreLeftAlone(string address, HttpStatusCode expected)
    {
        using var reviewer = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        using var response = await reviewer.GetAsync(address);

        Assert.Equal(expected, response.StatusCode);
    }
}
