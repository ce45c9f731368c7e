using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplianceReview.App.Identity;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Api;

/// <summary>POST /api/demands: the intake for request portals, through the real pipeline and a real database.</summary>
public sealed class DemandApiTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private object ValidBody(params string[] targets) => new
    {
        agencyName = "Bundeskriminalamt",
        agencyCountry = "de",
        processType = "CourtOrder",
        issuingAuthority = "Amtsgericht Wiesbaden",
        caseNumber = "DE-2026-" + Guid.NewGuid().ToString("N")[..6],
        issuedOn = "2026-10-30",
        receivedAt = "2026-11-01T08:00:00Z",
        dueAt = "2026-11-20T17:00:00Z",
        targets = targets.Length > 0 ? targets : ["acct-10001", "Ghost.Person@Contoso.com"],
        categories = new[] { "SubscriberIdentity", "ConnectionHistory" },
        coveredFrom = "2026-06-01T00:00:00Z",
        coveredTo = "2026-09-30T23:59:59Z",
        nonDisclosure = "None",
        orderDocumentFileName = "order.pdf",
        orderDocumentBase64 = Convert.ToBase64String(TestPdfs.Order),
    };

    [Fact]
    public async Task AReviewerRegistersADemandAndGets201WithTheReferenceAndFindings()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        var response = await client.PostAsJsonAsync("/api/demands", ValidBody());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var reference = body.GetProperty("reference").GetString()!;
        Assert.Matches(@"^LD-\d{4}-\d{6}$", reference);
        Assert.Equal($"/demands/{reference}", response.Headers.Location!.OriginalString);
        var findings = body.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("code").GetString() == "IdentifierNotFound"
            && f.GetProperty("subject").GetString() == "ghost.person@contoso.com");

        await using var db = app.CreateDbContext();
        var stored = await db.Demands.AsNoTracking().SingleAsync(d => d.Reference == DemandReference.Parse(reference));
        Assert.Equal("DE", stored.Agency.CountryCode);
        Assert.NotNull(stored.OrderDocument);
    }

    [Fact]
    public async Task InvalidInputGets400ListingEveryProblemAndStoresNothing()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        await using var before = app.CreateDbContext();
        var demands = await before.Demands.CountAsync();
        var audit = await before.AuditEntries.CountAsync();

        var response = await client.PostAsJsonAsync("/api/demands", new
        {
            agencyName = "",
            agencyCountry = "Germany",
            processType = "Fishing",
            caseNumber = "X",
            issuingAuthority = "Court",
            issuedOn = "2026-10-30",
            dueAt = "2026-11-20T17:00:00Z",
            targets = new[] { "acct-10001", "not-an-email@", "+12" },
            categories = new[] { "SubscriberIdentity", "Telepathy" },
            orderDocumentBase64 = "!!!",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "ProcessType", "Categories", "OrderDocument", "AgencyName", "AgencyCountry", "Targets[1]", "Targets[2]" })
            Assert.True(errors.TryGetProperty(field, out _), $"no problem listed for {field}: {errors}");

        await using var after = app.CreateDbContext();
        Assert.Equal(demands, await after.Demands.CountAsync());
        Assert.Equal(audit, await after.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task AnOrderDocumentInBase64WrappedInLinesIsAcceptedAsItWas()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var body = JsonSerializer.SerializeToNode(ValidBody())!;
        body["orderDocumentBase64"] = Convert.ToBase64String(TestPdfs.Order, Base64FormattingOptions.InsertLineBreaks);

        var response = await client.PostAsync("/api/demands", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = DemandReference.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!);
        await using var db = app.CreateDbContext();
        var stored = await db.Demands.AsNoTracking().SingleAsync(d => d.Reference == reference);
        Assert.Equal(TestPdfs.Order.LongLength, stored.OrderDocument!.SizeBytes);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefusedWith400AndStoresNothing()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        await using var before = app.CreateDbContext();
        var demands = await before.Demands.CountAsync();

        var response = await client.PostAsync("/api/demands", new StringContent("{\"agencyName\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var after = app.CreateDbContext();
        Assert.Equal(demands, await after.Demands.CountAsync());
    }

    [Fact]
    public async Task ANonPdfOrderDocumentIsRefused()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var body = JsonSerializer.SerializeToNode(ValidBody())!;
        body["orderDocumentBase64"] = Convert.ToBase64String("<html>not a pdf</html>"u8.ToArray());

        var response = await client.PostAsync("/api/demands", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a PDF", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoUsers.Auditor1)]
    [InlineData(DemoUsers.LegalLead1)]
    [InlineData(DemoUsers.Admin1)]
    public async Task OnlyReviewersMayRegister(string user)
    {
        var client = await TestSignIn.SignInAsync(app, user);
        var response = await client.PostAsJsonAsync("/api/demands", ValidBody());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousCallersAreNotLetIn()
    {
        var response = await TestSignIn.CreateClient(app).PostAsJsonAsync("/api/demands", ValidBody());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
