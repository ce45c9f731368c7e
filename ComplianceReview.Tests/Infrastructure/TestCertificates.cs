using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>
/// Throwaway certificates for the Data Protection key ring, made in code (never committed): a self-signed RSA key written
/// as a password-protected PFX under the temp folder.
/// </summary>
public static class TestCertificates
{
    public const string Password = "test-only-password";

    private static readonly Lazy<string> SharedPath = new(() => CreatePfx());

    /// <summary>A new certificate's PFX file; the caller deletes it (or leaves it in the temp folder).</summary>
    public static string CreatePfx(string subject = "CN=ComplianceReview Data Protection (test)")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(Path.GetTempPath(), "cr-tests", $"dp-{Guid.NewGuid():N}.pfx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>Settings that protect the key ring with one certificate shared by the test run (Production refuses to start without).</summary>
    public static Dictionary<string, string> ProtectedKeys(string? certificatePath = null) => new()
    {
        ["DataProtection:CertificatePath"] = certificatePath ?? SharedPath.Value,
        ["DataProtection:CertificatePassword"] = Password,
    };
}
