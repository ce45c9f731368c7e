using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceReview.App.Endpoints;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Api;

/// <summary>POST /api/demands with an Idempotency-Key: a retried POST answers with the demand the first one registered.</summary>
public sealed class IdempotencyKeyTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private static string Body(string caseNumber, string authority = "Amtsgericht Wiesbaden") => JsonSerializer.Serialize(new
    {
        agencyName = "Bundeskriminalamt",
        agencyCountry = "DE",
        processType = "CourtOrder",
        issuingAuthority = authority,
        caseNumber,
        issuedOn = "2026-10-30",
        receivedAt = "2026-11-01T08:00:00Z",
        dueAt = "2026-11-20T17:00:00Z",
        targets = new[] { "acct-10001" },
        categories = new[] { "SubscriberIdentity" },
        orderDocumentFileName = "order.pdf",
        orderDocumentBase64 = Convert.ToBase64String(TestPdfs.Order),
    });

    private static HttpRequestMessage Post(string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/demands") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.TryAddWithoutValidation(DemandApi.IdempotencyKeyHeader, key);
        return request;
    }

    private static string NewCaseNumber() => "IDEM-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<int> DemandsWithCaseNumberAsync(string caseNumber)
    {
        await using var db = app.CreateDbContext();
        return await db.Demands.CountAsync(d => d.CaseNumber == caseNumber);
    }

    private static async Task<string> ReferenceOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;

    [Fact]
    public async Task ARetriedPostWithTheSameKeyAnswers200WithTheFirstDemand()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var caseNumber = NewCaseNumber();
        var key = Guid.NewGuid().ToString();

        using var first = await client.SendAsync(Post(Body(caseNumber), key));
        using var retry = await client.SendAsync(Post(Body(caseNumber), key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var reference = await ReferenceOf(first);
        Assert.Equal(reference, await ReferenceOf(retry));
        Assert.Equal($"/demands/{reference}", retry.Headers.Location!.OriginalString);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(DemandApi.ReplayedHeader)));
        Assert.False(first.Headers.Contains(DemandApi.ReplayedHeader));
        Assert.Equal(1, await DemandsWithCaseNumberAsync(caseNumber));
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyRegisterOneDemandAndAllAnswerWithIt()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var caseNumber = NewCaseNumber();
        var key = $"\"{Guid.NewGuid()}\"";
        var body = Body(caseNumber);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.SendAsync(Post(body, key)))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var references = await Task.WhenAll(responses.Select(ReferenceOf));
            Assert.Single(references.Distinct());
            Assert.Equal(1, await DemandsWithCaseNumberAsync(caseNumber));
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task WithoutTheHeaderARepeatedPostRegistersAgain()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var caseNumber = NewCaseNumber();

        using var first = await client.SendAsync(Post(Body(caseNumber), null));
        using var second = await client.SendAsync(Post(Body(caseNumber), null));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, await DemandsWithCaseNumberAsync(caseNumber));
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIs422AndRegistersNothing()
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var caseNumber = NewCaseNumber();
        var key = Guid.NewGuid().ToString();
        using var first = await client.SendAsync(Post(Body(caseNumber), key));

        using var other = await client.SendAsync(Post(Body(caseNumber, authority: "Landgericht Wiesbaden"), key));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var detail = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(await ReferenceOf(first), detail, StringComparison.Ordinal);
        Assert.Equal(1, await DemandsWithCaseNumberAsync(caseNumber));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("has space")]
    public async Task AnUnusableKeyIs400AndRegistersNothing(string key)
    {
        var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var caseNumber = NewCaseNumber();

        using var response = await client.SendAsync(Post(Body(caseNumber), key));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(DemandApi.IdempotencyKeyHeader, out _), errors.ToString());
        Assert.Equal(0, await DemandsWithCaseNumberAsync(caseNumber));
    }
}
