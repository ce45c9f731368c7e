using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Reliability;

/// <summary>Text typed into a demand is shown later as text: escaped in HTML, literal in the PDF.</summary>
public sealed class MarkupInFieldsTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private const string Script = "<script>alert(1)</script>";

    [Fact]
    public async Task TheDemandPageShowsMarkupInTheAgencyAndCaseNumberAsEscapedText()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var reference = await RegisterAsync(client, agency: "Agency " + Script, caseNumber: "CASE-" + Script);

        using var response = await client.GetAsync($"/demands/{reference}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(reference, html);
        Assert.Contains("Agency &lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("CASE-&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheDashboardListsShowMarkupInTheAgencyAsEscapedText()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        // Due within 48 hours of the test clock (2026-11-02 09:00 UTC): listed on the dashboard.
        var reference = await RegisterAsync(client, agency: "Agency \"quoted\" & " + Script, caseNumber: "CASE-DASH-1", dueAt: "2026-11-03T17:00:00Z");

        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"href=\"/demands/{reference}\"", html);
        Assert.Contains("Agency &quot;quoted&quot; &amp; &lt;script&gt;alert(1)&lt;/script&gt; (US)", html);
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheDisclosurePackagePrintsMarkupAndSqlInTheHeaderAsLiteralText()
    {
        const string agency = "Agency " + Script;
        const string caseNumber = "CASE-" + Script + "'; DROP TABLE Demands;--";
        var request = new RequestBuilder().With(r => r with { AgencyName = agency, CaseNumber = caseNumber, IssuingAuthority = "<b>Court</b> & Co" }).Build();
        var snapshot = new SnapshotBuilder()
            .WithIdentifier("alice@example.org", (DataCategory.SubscriberIdentity, [[Script, "alice@example.org"]]))
            .Build();

        var pdf = PdfReadBack.Read(new DisclosurePackageRenderer().Render(snapshot, request).Pdf);

        var text = pdf.NormalisedText;
        Assert.Contains(PdfReadBack.Normalise(agency), text);
        Assert.Contains(PdfReadBack.Normalise(caseNumber), text);
        Assert.Contains(PdfReadBack.Normalise("<b>Court</b> & Co"), text);
        Assert.DoesNotContain("&lt;", text);
    }

    private static async Task<string> RegisterAsync(HttpClient client, string agency, string caseNumber, string dueAt = "2026-11-20T17:00:00Z")
    {
        using var response = await client.PostAsJsonAsync("/api/demands", new
        {
            agencyName = agency,
            agencyCountry = "US",
            processType = "Subpoena",
            issuingAuthority = "Grand Jury " + Script,
            caseNumber,
            issuedOn = "2026-10-30",
            receivedAt = "2026-11-01T08:00:00Z",
            dueAt,
            targets = new[] { "acct-10001" },
            categories = new[] { "SubscriberIdentity" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
    }
}
