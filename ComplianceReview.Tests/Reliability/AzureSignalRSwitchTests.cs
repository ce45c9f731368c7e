using ComplianceReview.App.Data;
using Microsoft.AspNetCore.Builder;

namespace ComplianceReview.Tests.Reliability;

/// <summary>Azure SignalR Service is used exactly when its connection string is configured.</summary>
public sealed class AzureSignalRSwitchTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("Endpoint=https://example.service.signalr.net;AccessKey=dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Q=;Version=1.0;", true)]
    public void AzureSignalRIsRegisteredOnlyWithAConnectionString(string? connectionString, bool expected)
    {
        var builder = WebApplication.CreateBuilder(); // Production: the key ring must be protected, as in a real deployment
        foreach (var (key, value) in Infrastructure.TestCertificates.ProtectedKeys()) builder.Configuration[key] = value;
        builder.Configuration["Azure:SignalR:ConnectionString"] = connectionString;

        builder.AddComplianceScaleOut();

        // Registration only: the host is not started, so nothing tries to reach Azure.
        var azure = builder.Services.Any(d => (d.ImplementationType ?? d.ServiceType).Namespace?.StartsWith("Microsoft.Azure.SignalR", StringComparison.Ordinal) == true);
        Assert.Equal(expected, azure);
    }
}
