using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Reliability;

/// <summary>Uploads that are not a whole PDF of at most 20 MB are refused with a message that says why.</summary>
public sealed class OrderDocumentRefusalTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    public static TheoryData<string, string> Refused => new()
    {
        { nameof(Empty), "empty" },
        { nameof(Truncated), "truncated" },
        { nameof(HtmlRenamedPdf), "not a PDF" },
        { nameof(OneByteOver20Megabytes), "larger than 20 MB" },
        { nameof(GarbageBetweenHeaderAndEnd), "not a readable PDF" },
        { nameof(TruncatedCrossReference), "not a readable PDF" },
        { nameof(NoPages), "without pages" },
    };

    private static byte[] Content(string name) => name switch
    {
        nameof(Empty) => Empty(),
        nameof(Truncated) => Truncated(),
        nameof(HtmlRenamedPdf) => HtmlRenamedPdf(),
        nameof(OneByteOver20Megabytes) => OneByteOver20Megabytes(),
        nameof(GarbageBetweenHeaderAndEnd) => GarbageBetweenHeaderAndEnd(),
        nameof(TruncatedCrossReference) => TruncatedCrossReference(),
        nameof(NoPages) => NoPages(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Empty() => [];

    /// <summary>A real PDF cut off half-way, as an interrupted upload leaves it: no %%EOF.</summary>
    private static byte[] Truncated() => TestPdfs.Order[..(TestPdfs.Order.Length / 2)];

    private static byte[] HtmlRenamedPdf() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script>Order</body></html>");

    /// <summary>A readable PDF, so only the size is wrong.</summary>
    private static byte[] OneByteOver20Megabytes() => TestPdfs.PaddedTo(OrderDocument.MaxSizeBytes + 1);

    /// <summary>Starts with %PDF- and ends with %%EOF, which the header and trailer checks alone let through.</summary>
    private static byte[] GarbageBetweenHeaderAndEnd() => TestPdfs.GarbageBody();

    private static byte[] TruncatedCrossReference() => TestPdfs.TruncatedCrossReference();

    private static byte[] NoPages() => TestPdfs.WithoutPages();

    private OrderDocumentCheck Check => app.Services.GetRequiredService<OrderDocumentCheck>();

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task TheCheckRefusesWithAMessageThatSaysWhy(string upload, string reason)
    {
        var problem = (await Check.CheckAsync(Content(upload))).Problem;

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheCheckAcceptsAWholePdfOfExactly20Megabytes()
    {
        Assert.Null((await Check.CheckAsync(TestPdfs.PaddedTo(OrderDocument.MaxSizeBytes))).Problem);
    }

    [Fact]
    public async Task TheCheckAcceptsARealPdfWrittenByPdfSharp()
    {
        Assert.Null((await Check.CheckAsync(TestPdfs.Create(pages: 3))).Problem);
    }

    [Fact]
    public void TheStandInsOfTheRefusedCasesPassTheHeaderAndTrailerChecks()
    {
        // Otherwise the parse would not be what refuses them.
        foreach (var content in new[] { GarbageBetweenHeaderAndEnd(), TruncatedCrossReference(), NoPages() })
        {
            Assert.True(content.AsSpan().StartsWith("%PDF-"u8));
            Assert.True(content.AsSpan(content.Length - 16).IndexOf("%%EOF"u8) >= 0);
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task TheApiRefusesWith400NamingTheDocumentAndStoresNothing(string upload, string reason)
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var before = await CountsAsync();

        using var response = await client.PostAsJsonAsync("/api/demands", Body(Content(upload)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var messages = errors.GetProperty("OrderDocument").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(reason, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task TheApiAcceptsTheSameRequestWithAWholePdf()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        using var response = await client.PostAsJsonAsync("/api/demands", Body(TestPdfs.Order));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<(int, int, int)> CountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Demands.CountAsync(), await db.AuditEntries.CountAsync(), await db.Documents.CountAsync());
    }

    private static object Body(byte[] document) => new
    {
        agencyName = "Bundeskriminalamt",
        agencyCountry = "DE",
        processType = "CourtOrder",
        issuingAuthority = "Amtsgericht Wiesbaden",
        caseNumber = "DE-2026-" + Guid.NewGuid().ToString("N")[..6],
        issuedOn = "2026-10-30",
        receivedAt = "2026-11-01T08:00:00Z",
        dueAt = "2026-11-20T17:00:00Z",
        targets = new[] { "acct-10001" },
        categories = new[] { "SubscriberIdentity" },
        orderDocumentFileName = "order.pdf",
        orderDocumentBase64 = Convert.ToBase64String(document),
    };
}
