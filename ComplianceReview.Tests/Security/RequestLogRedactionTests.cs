using ComplianceReview.App.Diagnostics;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// The decorated logger factory on its own: whatever the configured levels (here every category at Trace for one provider,
/// the rule kind a level rule in code would lose to), the two framework categories that echo what a person sent reach
/// the providers with that part replaced, in the message and in the structured values, and nothing else changes.
/// The real entries are pinned elsewhere: hosting's by LogRedactionTests, SignalR's by the browser's queue search test.
/// </summary>
public sealed class RequestLogRedactionTests : IDisposable
{
    private const string Typed = "typed.account@contoso.example";

    private static readonly Action<ILogger, HubMethodInvocationMessage, Exception?> ReceivedHubInvocation =
        LoggerMessage.Define<HubMethodInvocationMessage>(LogLevel.Debug, new EventId(2, "ReceivedHubInvocation"),
            "Received hub invocation: {InvocationMessage}.");

    private readonly CapturingLoggerProvider _logs = new();
    private readonly IHost _host;

    public RequestLogRedactionTests()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Configuration = new ConfigurationManager() });
        builder.AddComplianceLogging();
        builder.Logging.ClearProviders().AddProvider(_logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        _host = builder.Build();
    }

    private ILoggerFactory Factory => _host.Services.GetRequiredService<ILoggerFactory>();

    [Fact]
    public void AHubCallIsLoggedWithoutItsArguments()
    {
        var call = new InvocationMessage("7", "BeginInvokeDotNetFromJS",
            ["1", null, "DispatchEventAsync", 1L, $$"""[{"eventName":"change"},{"value":"{{Typed}}"}]"""]);

        ReceivedHubInvocation(Factory.CreateLogger(RequestLogRedaction.HubDispatcherCategory), call, null);

        var entry = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("Received hub invocation: InvocationMessage { InvocationId: \"7\", Target: \"BeginInvokeDotNetFromJS\", Arguments: [redacted] }.",
            entry.Message);
        Assert.DoesNotContain(Typed, entry.AllText, StringComparison.Ordinal);
        Assert.Contains("{OriginalFormat}=Received hub invocation: {InvocationMessage}.", entry.Values, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherCategoriesAreLeftAsTheyAre()
    {
        var call = new InvocationMessage("BeginInvokeDotNetFromJS", [Typed]);

        ReceivedHubInvocation(Factory.CreateLogger("ComplianceReview.Anything"), call, null);

        Assert.Contains(Typed, Assert.Single(_logs.Entries).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
