using System.Net;
using ComplianceReview.App.Diagnostics;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceReview.Tests.Security;

/// <summary>The smaller findings of the insider probe (issue 17), each pinned.</summary>
public sealed class ProbeFindingsTests
{
    [Theory]
    [InlineData("/démandes")]
    [InlineData("/demands?q=ü")]
    [InlineData("/😀")]
    public async Task ANonAsciiReturnUrlOnTheDevelopmentSignInGoesHome(string returnUrl)
    {
        using var factory = new DevelopmentIdentityAppFactory();
        using var client = TestSignIn.CreateClient(factory);

        using var signIn = await TestSignIn.PostSignInAsync(client, DemoUsers.Reviewer1, returnUrl);
        using var challenge = await client.GetAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Equal("/signin/dev?returnUrl=%2F", challenge.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheAntiforgeryCookieIsSecureOutsideDevelopment()
    {
        using var staging = new IdentityAppFactory("Staging", IdentityAppFactory.DevelopmentSignInSettings());
        using var development = new DevelopmentIdentityAppFactory();
        using var production = new EntraAppFactory();

        var stagingCookie = await AntiforgeryCookieAsync(staging, "https://localhost");
        var developmentCookie = await AntiforgeryCookieAsync(development, "http://localhost");

        Assert.Contains("; secure", stagingCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", developmentCookie, StringComparison.OrdinalIgnoreCase); // plain http://localhost works
        Assert.Equal(CookieSecurePolicy.Always, production.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
    }

    [Theory]
    [InlineData("/reports/transparency.csv?period=2026-H2")]
    [InlineData("/reports/transparency.pdf?period=2026-H2")]
    public async Task TransparencyDownloadsAreNotCached(string path)
    {
        await using var app = new ComplianceAppFactory();
        using var reviewer = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        using var response = await reviewer.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public void ProductionRefusesToAnswerToAnyHost()
    {
        using var factory = EntraAppFactory.With("Production", new Dictionary<string, string> { ["AllowedHosts"] = "*" });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("AllowedHosts must name the host names", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherHostIsRefusedAndNeverReflectedInARedirect()
    {
        using var production = new EntraAppFactory();
        using var client = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://compliance.example.com") });

        using var allowed = await client.GetAsync("/demands");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/demands");
        request.Headers.Host = "evil.example";
        using var refused = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode); // the sign-in challenge, for the host it was asked on
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
    }

    [Fact]
    public async Task TheHostingLogKeepsRouteWordsButNotWhatWasTypedNorADownloadsName()
    {
        const string typed = "vantablack.canary@plantedmail.example";
        await using var app = new LoggingAppFactory();
        using var reviewer = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        using var page = await reviewer.GetAsync($"/demands/{typed}");
        using var file = await reviewer.GetAsync($"/demands/{typed}/order.pdf");
        var reference = (await app.ServiceAs<App.Services.DemandService>(TestUser.Reviewer1).RegisterAsync(
            Registrations.CourtOrder(app.Time.GetUtcNow()), new App.Services.UploadedDocument($"{typed}.pdf", TestPdfs.Order))).Reference!.Value;
        using var order = await reviewer.GetAsync($"/demands/{reference}/order.pdf");

        Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        Assert.Contains("vantablack", order.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal); // the user still gets the name
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains(typed, StringComparison.Ordinal) || e.AllText.Contains("vantablack", StringComparison.Ordinal));
        var hosting = app.Logs.Entries.Where(e => e.Category == RequestLogRedaction.HostingCategory).Select(e => e.Message).ToList();
        Assert.Contains(hosting, m => m.Contains("/demands/[redacted] ", StringComparison.Ordinal));
        Assert.Contains(hosting, m => m.Contains($"/demands/{reference}/order.pdf", StringComparison.Ordinal)); // references and route words stay
        Assert.Contains(app.Logs.Entries, e => e.Values.Contains($"{RequestLogRedaction.FileDownloadNameKey}={RequestLogRedaction.Redacted}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSqliteFileIsTheOwnersAlone()
    {
        if (OperatingSystem.IsWindows()) return; // file modes are Unix's; Windows keeps the folder's ACL
        var root = Directory.CreateTempSubdirectory("cr-file-mode-").FullName;
        try
        {
            var folder = Path.Combine(root, "App_Data");
            var database = Path.Combine(folder, "compliance.db");
            var settings = IdentityAppFactory.DevelopmentSignInSettings();
            settings["Database:SqlitePath"] = database;
            using (var factory = new IdentityAppFactory("Development", settings))
            {
                using var client = factory.CreateClient();
                using var health = await client.GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
            SqliteConnection.ClearAllPools();

            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(database));
            if (File.Exists(database + "-wal")) Assert.Equal(OwnerOnly, File.GetUnixFileMode(database + "-wal"));

            // A file someone else made readable to all is narrowed at the next start.
            File.SetUnixFileMode(database, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            using (var again = new IdentityAppFactory("Development", settings))
            {
                _ = again.Server;
            }
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(database));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> AntiforgeryCookieAsync(IdentityAppFactory factory, string baseAddress)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });
        using var page = await client.GetAsync("/signin/dev");
        return Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
    }
}
