using System.Net;
using System.Text;
using ComplianceReview.App.Endpoints;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Security;

/// <summary>Uploads: size refused before the body is read, type judged by content, the sender's name never a path.</summary>
public sealed class UploadTests(SecurityAppFactory app) : IClassFixture<SecurityAppFactory>
{
    /// <summary>
    /// On Kestrel, because TestServer has no request body limit to enforce. The endpoint's RequestSizeLimit sets the
    /// connection's limit; a declared length over it is refused on the first read, before the JSON is buffered.
    /// </summary>
    [Fact]
    public async Task AnOversizeIntakeBodyIsRefusedWith413AndNothingIsStored()
    {
        var kestrel = new ComplianceAppFactory();
        try
        {
            kestrel.UseKestrel(0);
            kestrel.StartServer();
            var address = kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
            {
                BaseAddress = new Uri(address),
            };
            using var signIn = await TestSignIn.PostSignInAsync(client, DemoUsers.Reviewer1);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            await using var db = kestrel.CreateDbContext();
            var before = (await db.Demands.CountAsync(), await db.Documents.CountAsync());

            using var over = await PostJsonOfLengthAsync(client, DemandApi.MaxRequestBytes + 1);
            // Over Kestrel's 30,000,000-byte default but under the endpoint's limit: reaches the handler (invalid JSON),
            // so the 413 above is the endpoint's RequestSizeLimit at work, not only the server default.
            using var under = await PostJsonOfLengthAsync(client, DemandApi.MaxRequestBytes - 1024);

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, under.StatusCode);
            Assert.Equal(before, (await db.Demands.CountAsync(), await db.Documents.CountAsync()));
        }
        finally
        {
            await ((IAsyncLifetime)kestrel).DisposeAsync();
        }
    }

    private static Task<HttpResponseMessage> PostJsonOfLengthAsync(HttpClient client, long length)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/demands")
        {
            Content = new ByteArrayContent(new byte[length]) { Headers = { ContentType = new("application/json") } },
        };
        // Kestrel answers an oversize declared length before reading and closes; waiting for "100 Continue" lets the
        // client read that answer instead of failing on a broken pipe.
        request.Headers.ExpectContinue = true;
        return client.SendAsync(request);
    }

    [Fact]
    public async Task AnOrderDocumentIsJudgedByItsContentNotItsName()
    {
        var client = await app.ClientAsync(DemoUsers.Reviewer1);
        var (demands, documents) = await CountsAsync();
        var json = $$"""
            {"agencyName":"Federal Bureau of Investigation","agencyCountry":"US","processType":"Subpoena",
             "issuingAuthority":"Grand jury","caseNumber":"US-UPLOAD-1","issuedOn":"2026-10-30","dueAt":"2026-11-20T00:00:00Z",
             "targets":["acct-10002"],"categories":["SubscriberIdentity"],
             "orderDocumentBase64":"{{Convert.ToBase64String("<html><script>alert(1)</script></html>"u8)}}","orderDocumentFileName":"order.pdf"}
            """;

        var response = await client.PostAsync("/api/demands", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a PDF", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((demands, documents), await CountsAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..\\..\\Windows\\System32\\drivers\\etc\\hosts")]
    [InlineData("/var/lib/app/compliance.db")]
    [InlineData("C:\\inetpub\\wwwroot\\web.config")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData("")]
    [InlineData("order.pdf\0.exe")]
    [InlineData("order\r\nContent-Type: text/html.pdf")]
    [InlineData("\\\\server\\share\\order.pdf")]
    [InlineData("a/../../../../b.pdf")]
    public void AFileNameNeverBecomesAPath(string sent)
    {
        var safe = DemandService.SafeFileName(sent);
        var root = Path.Combine(Path.GetTempPath(), "cr-uploads");

        Assert.NotEmpty(safe);
        Assert.True(safe.Length <= OrderDocument.MaxFileNameLength);
        Assert.DoesNotContain('/', safe);
        Assert.DoesNotContain('\\', safe);
        Assert.DoesNotContain(':', safe);
        Assert.False(safe.Any(char.IsControl), "no control characters (header injection)");
        Assert.NotEqual("..", safe);
        Assert.False(safe.All(c => c == '.'));
        Assert.False(Path.IsPathRooted(safe));
        Assert.Equal(root, Path.GetDirectoryName(Path.GetFullPath(Path.Combine(root, safe))));
    }

    [Fact]
    public void AVeryLongFileNameIsCut()
    {
        Assert.Equal(OrderDocument.MaxFileNameLength, DemandService.SafeFileName(new string('a', 1000) + ".pdf").Length);
    }

    private async Task<(int Demands, int Documents)> CountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Demands.CountAsync(), await db.Documents.CountAsync());
    }
}
