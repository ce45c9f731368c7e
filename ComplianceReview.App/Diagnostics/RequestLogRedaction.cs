using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceReview.App.Diagnostics;

/// <summary>
/// Framework logs echo what a person sent: ASP.NET Core's request log writes each URL with its path and query string
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, "Request starting/finished", Information), SignalR writes each
/// hub call with its arguments (<c>DefaultHubDispatcher</c>, "Received hub invocation", Debug), which in a Blazor circuit
/// are the values typed into the page, and file results write the download's name (<c>FileDownloadName</c>). They carry
/// customer identifiers (a typed query string, a typed <c>/demands/&lt;e-mail&gt;</c>, the queue's search,
/// the intake form's targets, an order document named after an account) as soon as an operator raises those levels.
/// The request log keeps the path's route words and demand references (<see cref="RouteWords"/>); the rest is redacted.
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
    public const string Redacted = "[redacted]";

    /// <summary>The structured value file results log the download's name under (it can carry an account name).</summary>
    public const string FileDownloadNameKey = "FileDownloadName";

    /// <summary>
    /// Every <see cref="ILogger"/> and <see cref="ILogger{T}"/> comes from the decorated factory. A host that replaces the
    /// logging pipeline itself (Serilog's <c>UseSerilog</c>) bypasses it and must redact these two categories its own way.
    /// </summary>
    public static IHostApplicationBuilder AddComplianceLogging(this IHostApplicationBuilder builder)
    {
        // The factory the container would have built for ILoggerFactory, now the inner one; the container disposes it.
        builder.Services.TryAddSingleton<LoggerFactory>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services =>
            new RedactingLoggerFactory(services.GetRequiredService<LoggerFactory>(), new RouteWords(services))));
        return builder;
    }

    /// <summary>What a logged value of this category becomes, or null when it carries nothing a person sent.</summary>
    internal static string? Redact(string category, string key, object? value, RouteWords words) => (category, value) switch
    {
        (HostingCategory, string { Length: > 0 }) when key == "QueryString" => RedactedQuery,
        // The request path, in hosting's request log and scope, and in routing's matcher log (with the value a constraint saw).
        (_, string { Length: > 0 } path) when key is "Path" or "RequestPath" or "RouteValue" && category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) =>
            words.Redact(path) is var kept && kept != path ? kept : null,
        (HubDispatcherCategory, HubMethodInvocationMessage call) =>
            $"{call.GetType().Name} {{ InvocationId: \"{call.InvocationId}\", Target: \"{call.Target}\", Arguments: [redacted] }}",
        (_, string { Length: > 0 }) when key == FileDownloadNameKey => Redacted,
        _ => null,
    };
}

/// <summary>
/// The words of the app's own addresses: every literal segment of every mapped route (pages, endpoints, static assets).
/// A request path keeps those and demand references; any other segment is something a person typed (an e-mail address
/// in <c>/demands/&lt;e-mail&gt;</c>, a guessed file name) and is logged as <c>[redacted]</c>. Read from the routes once,
/// at the first request (every route is mapped by then).
/// </summary>
internal sealed class RouteWords(IServiceProvider services)
{
    private HashSet<string>? _words;

    public string Redact(string path)
    {
        var words = _words ??= Collect();
        var segments = path.Split('/');
        var changed = false;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 || words.Contains(segment) || Domain.Demands.DemandReference.TryParse(segment, out _)) continue;
            segments[i] = RequestLogRedaction.Redacted;
            changed = true;
        }
        return changed ? string.Join('/', segments) : path;
    }

    private HashSet<string> Collect()
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (services.GetService<EndpointDataSource>() is not { } source) return words;
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            foreach (var segment in endpoint.RoutePattern.PathSegments.Where(s => s.IsSimple))
            {
                if (segment.Parts[0] is RoutePatternLiteralPart literal) words.Add(literal.Content);
            }
        }
        return words;
    }
}

internal sealed class RedactingLoggerFactory(ILoggerFactory inner, RouteWords words) : ILoggerFactory
{
    // Every category: a file download's name can be logged by whichever result writes it.
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), categoryName, words);

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
internal sealed class RedactingLogger(ILogger inner, string category, RouteWords words) : ILogger
{
    /// <summary>Scopes too: hosting's request scope carries the path (<c>RequestPath</c>) to every provider that writes scopes.</summary>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
        state is IReadOnlyList<KeyValuePair<string, object?>> values && Redacted(values, () => state.ToString() ?? "") is { } redacted
            ? inner.BeginScope(redacted)
            : inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || !inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        if (Redacted(values, () => formatter(state, exception)) is not { } redacted) inner.Log(logLevel, eventId, state, exception, formatter);
        else inner.Log(logLevel, eventId, redacted, exception, static (entry, _) => entry.Message);
    }

    /// <summary>The values with what is to be redacted replaced, and the text with it; null when nothing is.</summary>
    private RedactedEntry? Redacted(IReadOnlyList<KeyValuePair<string, object?>> values, Func<string> text)
    {
        List<KeyValuePair<string, object?>>? redacted = null;
        var message = (string?)null;
        for (var i = 0; i < values.Count; i++)
        {
            var (key, value) = values[i];
            if (RequestLogRedaction.Redact(category, key, value, words) is not { } replacement) continue;
            redacted ??= [.. values];
            redacted[i] = new(key, replacement);
            message = (message ?? text()).Replace(Convert.ToString(value, CultureInfo.InvariantCulture)!, replacement, StringComparison.Ordinal);
        }
        return redacted is null ? null : new RedactedEntry(redacted, message!);
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
