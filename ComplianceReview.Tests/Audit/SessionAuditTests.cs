using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Audit;

public sealed class SessionAuditTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    [Fact]
    public async Task SigningInAndOutAreAudited()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.LegalLead2);
        var token = await TestSignIn.GetAntiforgeryTokenAsync(client, "/");
        var signOut = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.True((int)signOut.StatusCode is >= 300 and < 400, $"sign-out answered {signOut.StatusCode}");

        await using var db = app.CreateDbContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.ActorId == DemoUsers.LegalLead2).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([AuditActions.SignedIn, AuditActions.SignedOut], entries.Select(e => e.Action).Where(a => a is AuditActions.SignedIn or AuditActions.SignedOut));
        Assert.Contains(Roles.LegalLead, entries[0].DetailsJson, StringComparison.Ordinal);
    }
}
