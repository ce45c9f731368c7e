using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceReview.App.Diagnostics;

/// <summary>
/// Two framework log categories echo what a person sent: ASP.NET Core's request log writes each URL with its query string
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, "Request starting/finished", Information), and SignalR writes each
/// hub call with its arguments (<c>DefaultHubDispatcher</c>, "Received hub invocation", Debug), which in a Blazor circuit
/// are the values typed into the page. Both carry customer identifiers (an old <c>/demands?q=</c> bookmark, the queue's
/// search, the intake form's targets) as soon as an operator raises those levels.
/// <para>
/// A level rule cannot hold them down: Microsoft.Extensions.Logging prefers any provider-specific rule
/// (<c>Logging:Console:LogLevel:Default</c>) to a provider-neutral one, however specific the latter's category, so a
/// filter added in code loses to configuration. Instead the logger factory is decorated: loggers of these two categories
/// replace the query string, and the call's arguments, with a marker before any provider sees the entry, whatever the
/// levels. The rest of each entry (method, path, status, timing; hub method) stays, so the logs keep their use.
/// </para>
/// </summary>
public static class RequestLogRedaction
{
    public const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    public const string HubDispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";
    public const string RedactedQuery = "?[redacted]";

    /// <summary>
    /// Every <see cref="ILogger"/> and <see cref="ILogger{T}"/> comes from the decorated factory. A host that replaces the
    /// logging pipeline itself (Serilog's <c>UseSerilog</c>) bypasses it and must redact these two categories its own way.
    /// </summary>
    public static IHostApplicationBuilder AddComplianceLogging(this IHostApplicationBuilder builder)
    {
        // The factory the container would have built for ILoggerFactory, now the inner one; the container disposes it.
        builder.Services.TryAddSingleton<LoggerFactory>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services =>
            new RedactingLoggerFactory(services.GetRequiredService<LoggerFactory>())));
        return builder;
    }

    /// <summary>What a logged value of this category becomes, or null when it carries nothing a person sent.</summary>
    internal static string? Redact(string category, string key, object? value) => (category, value) switch
    {
        (HostingCategory, string { Length: > 0 }) when key == "QueryString" => RedactedQuery,
        (HubDispatcherCategory, HubMethodInvocationMessage call) =>
            $"{call.GetType().Name} {{ InvocationId: \"{call.InvocationId}\", Target: \"{call.Target}\", Arguments: [redacted] }}",
        _ => null,
    };

    internal static bool Redacts(string category) => category is HostingCategory or HubDispatcherCategory;
}

internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return RequestLogRedaction.Redacts(categoryName) ? new RedactingLogger(logger, categoryName) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The inner factory belongs to the container, which disposes it.
    }
}

/// <summary>
/// Rewrites an entry whose structured values hold something to redact: the values are replaced, and so is their text in
/// the formatted message (both are what a provider may write).
/// </summary>
internal sealed class RedactingLogger(ILogger inner, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || !inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        List<KeyValuePair<string, object?>>? redacted = null;
        var message = (string?)null;
        for (var i = 0; i < values.Count; i++)
        {
            var (key, value) = values[i];
            if (RequestLogRedaction.Redact(category, key, value) is not { } replacement) continue;
            redacted ??= [.. values];
            redacted[i] = new(key, replacement);
            message = (message ?? formatter(state, exception))
                .Replace(Convert.ToString(value, CultureInfo.InvariantCulture)!, replacement, StringComparison.Ordinal);
        }

        if (redacted is null) inner.Log(logLevel, eventId, state, exception, formatter);
        else inner.Log(logLevel, eventId, new RedactedEntry(redacted, message!), exception, static (entry, _) => entry.Message);
    }

    private sealed class RedactedEntry(List<KeyValuePair<string, object?>> values, string message)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;
        public int Count => values.Count;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => message;
    }
}
