using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Reliability;

/// <summary>With <c>DataProtection:CertificatePath</c> set, the stored keys are encrypted and another instance with the certificate reads them.</summary>
public sealed class KeysAtRestTests : IAsyncLifetime
{
    private readonly string _certificatePath = TestCertificates.CreatePfx();
    private CertificateFactory _first = null!;
    private CertificateFactory _second = null!;

    public async Task InitializeAsync()
    {
        _first = new CertificateFactory(_certificatePath, databasePath: null);
        await _first.InitializeAsync();
        _second = new CertificateFactory(_certificatePath, _first.DatabasePath);
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_second).DisposeAsync();
        await ((IAsyncLifetime)_first).DisposeAsync();
        File.Delete(_certificatePath);
    }

    [Fact]
    public async Task StoredKeysAreEncryptedAndAnotherInstanceWithTheCertificateAcceptsTheCookie()
    {
        using var onFirst = TestSignIn.CreateClient(_first);
        using var signIn = await TestSignIn.PostSignInAsync(onFirst, DemoUsers.Reviewer1);
        var cookies = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        using var onSecond = TestSignIn.CreateClient(_second);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/demands");
        request.Headers.Add("Cookie", cookies);
        using var response = await onSecond.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _first.CreateDbContext();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    private sealed class CertificateFactory(string certificatePath, string? databasePath) : ComplianceAppFactory
    {
        protected override void Configure(IDictionary<string, string?> settings)
        {
            settings["DataProtection:CertificatePath"] = certificatePath;
            settings["DataProtection:CertificatePassword"] = TestCertificates.Password;
            if (databasePath is not null) settings["Database:SqlitePath"] = databasePath;
        }
    }
}
