using System.Net;
using System.Text;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// A page's or endpoint's policy refusing a signed-in user is an <c>AccessDenied</c> audit entry (who, what, when), not
/// only the refusals inside services; a loop is held to one entry per user and endpoint a window, with the count of the
/// refusals in between on the next entry. A fresh app per test.
/// </summary>
public sealed class RefusalAuditTests : IAsyncLifetime
{
    private readonly ComplianceAppFactory _app = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task AReviewerAskingForTheAuditExportIsAudited()
    {
        using var reviewer = await TestSignIn.SignInAsync(_app, DemoUsers.Reviewer1);

        using var response = await reviewer.GetAsync("/audit/export.csv?from=2026-01-01&to=2026-12-31");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var entry = Assert.Single(await RefusalsAsync());
        Assert.Equal(DemoUsers.Reviewer1, entry.ActorId);
        Assert.Equal("Riley Reviewer", entry.ActorName);
        Assert.Equal(ComplianceAppFactory.DefaultNow, entry.OccurredAt);
        Assert.Equal("{\"attempted\":\"GET /audit/export.csv\",\"requiredRole\":\"Compliance.Auditor\"}", entry.DetailsJson);
        Assert.DoesNotContain("2026-01-01", entry.DetailsJson, StringComparison.Ordinal); // the address, not what it asked for
    }

    [Fact]
    public async Task AnAuditorPostingToTheApiIsAudited()
    {
        using var auditor = await TestSignIn.SignInAsync(_app, DemoUsers.Auditor1);

        using var response = await auditor.PostAsync("/api/demands", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var entry = Assert.Single(await RefusalsAsync());
        Assert.Equal(DemoUsers.Auditor1, entry.ActorId);
        Assert.Contains("\"attempted\":\"POST /api/demands\"", entry.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"requiredRole\":\"Compliance.Reviewer or Compliance.Intake\"", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageRefusalNamesTheDemandItWasAbout()
    {
        using var admin = await TestSignIn.SignInAsync(_app, DemoUsers.Admin1);

        using var page = await admin.GetAsync("/demands/LD-2026-000042");
        using var notAReference = await admin.GetAsync("/demands/alice@contoso.com/package.pdf");

        Assert.Equal("/access-denied", page.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, notAReference.StatusCode);
        var entries = await RefusalsAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal("LD-2026-000042", entries[0].DemandReference);
        Assert.Contains("\"attempted\":\"GET /demands/{Reference}\"", entries[0].DetailsJson, StringComparison.Ordinal);
        Assert.Null(entries[1].DemandReference); // what was typed in the address is not written, only the route
        Assert.DoesNotContain("alice", entries[1].DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoopOfRefusalsWritesOneEntryAWindowAndCountsTheRest()
    {
        using var reviewer = await TestSignIn.SignInAsync(_app, DemoUsers.Reviewer1);

        for (var i = 0; i < 50; i++)
        {
            using var refused = await reviewer.GetAsync("/audit/export.csv?from=2026-01-01&to=2026-12-31");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var otherEndpoint = await reviewer.GetAsync("/audit/export.pdf?from=2026-01-01&to=2026-12-31"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherEndpoint.StatusCode);
        }
        Assert.Equal(2, (await RefusalsAsync()).Count);

        _app.Time.Advance(TimeSpan.FromMinutes(1));
        using (var afterTheWindow = await reviewer.GetAsync("/audit/export.csv?from=2026-01-01&to=2026-12-31"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, afterTheWindow.StatusCode);
        }

        var entries = await RefusalsAsync();
        Assert.Equal(3, entries.Count);
        Assert.Contains("\"notRecordedBefore\":\"49\"", entries[^1].DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousCallersAreChallengedNotAudited()
    {
        using var anonymous = TestSignIn.CreateClient(_app);

        using var response = await anonymous.GetAsync("/audit/export.csv?from=2026-01-01&to=2026-12-31");

        Assert.Equal("/signin", response.Headers.Location?.AbsolutePath);
        Assert.Empty(await RefusalsAsync());
    }

    private async Task<List<AuditEntry>> RefusalsAsync()
    {
        await using var db = _app.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.AccessDenied).OrderBy(e => e.Sequence).ToListAsync();
    }
}
