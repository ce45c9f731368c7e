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

    public static IHostApplicationBuilder AddComplianceScaleOut(this IHostApplicationBuilder builder)
    {
        // The keys live in the app's own database, so every instance on that database reads the same ring.
        // The fixed application name keeps the ring valid whatever folder an instance runs from.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<ComplianceDbContext>();

        var certificatePath = builder.Configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(
                DataExtensions.ResolvePath(builder.Environment.ContentRootPath, certificatePath),
                builder.Configuration["DataProtection:CertificatePassword"]);
            // Unprotect with the same certificate, not only from the machine's store: containers have no store.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        // Azure SignalR Service carries the Blazor circuits' connections, so no sticky sessions are needed at the load balancer.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Azure:SignalR:ConnectionString"]))
        {
            builder.Services.AddSignalR().AddAzureSignalR(options => options.ServerStickyMode = ServerStickyMode.Required);
        }
        return builder;
    }
}
