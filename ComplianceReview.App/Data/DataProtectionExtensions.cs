using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Azure.SignalR;

namespace ComplianceReview.App.Data;

/// <summary>
/// What several instances of the app must share: the Data Protection key ring (sign-in and antiforgery cookies,
/// circuit state) and, optionally, the SignalR connections through Azure SignalR Service.
/// </summary>
public static class DataProtectionExtensions
{
    public const string ApplicationName = "ComplianceReview";
    public const string CertificatePathKey = "DataProtection:CertificatePath";

    internal const string ProductionKeysUnprotected =
        "In the Production environment the Data Protection key ring must be encrypted at rest: set " +
        "DataProtection:CertificatePath (and DataProtection:CertificatePassword) to a PFX that every instance shares, for " +
        "example a Key Vault certificate mounted as a file. Without it anyone who can read the DataProtectionKeys table " +
        "(a DBA, a backup) can make a sign-in cookie for any user and role.";

    public static IHostApplicationBuilder AddComplianceScaleOut(this IHostApplicationBuilder builder)
    {
        // The keys live in the app's own database, so every instance on that database reads the same ring.
        // The fixed application name keeps the ring valid whatever folder an instance runs from.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<ComplianceDbContext>();

        var certificatePath = builder.Configuration[CertificatePathKey];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = LoadCertificate(DataExtensions.ResolvePath(builder.Environment.ContentRootPath, certificatePath),
                builder.Configuration["DataProtection:CertificatePassword"]);
            // Unprotect with the same certificate, not only from the machine's store: containers have no store.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else if (builder.Environment.IsProduction())
        {
            throw new InvalidOperationException(ProductionKeysUnprotected);
        }

        // Azure SignalR Service carries the Blazor circuits' connections, so no sticky sessions are needed at the load balancer.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Azure:SignalR:ConnectionString"]))
        {
            builder.Services.AddSignalR().AddAzureSignalR(options => options.ServerStickyMode = ServerStickyMode.Required);
        }
        return builder;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{CertificatePathKey} ({path}) could not be loaded as a PFX with the given password: {e.Message}", e);
        }
    }
}
