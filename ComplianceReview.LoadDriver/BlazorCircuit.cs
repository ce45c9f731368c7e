using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.LoadDriver;

/// <summary>
/// One headless Blazor Server circuit, as blazor.web.js opens it: load the prerendered page, connect to /_blazor with
/// blazorpack, <c>StartCircuit</c>, attach the page's server root components with <c>UpdateRootComponents</c>, then
/// acknowledge every render batch (<c>OnRenderCompleted</c>) and answer JS interop calls with an empty success, so the
/// server never waits on a browser that is not there.
/// </summary>
internal sealed partial class BlazorCircuit(Uri baseUri, CookieContainer cookies, TextWriter log) : IAsyncDisposable
{
    private readonly TaskCompletionSource _firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _connection;
    private long _batches;

    public long Batches => Interlocked.Read(ref _batches);

    public async Task StartAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var pageUri = new Uri(baseUri, path);
        var html = await http.GetStringAsync(pageUri, cancellationToken);
        var markers = ServerMarkers(html);
        if (markers.Count == 0) throw new InvalidOperationException($"{path} has no server component markers (signed out?).");
        var state = ComponentState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        _connection = Connect(pageUri);

        _connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], async args =>
        {
            Interlocked.Increment(ref _batches);
            await _connection.SendAsync("OnRenderCompleted", (long)args[0]!, null, cancellationToken);
            _firstRender.TrySetResult();
        });
        _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async args =>
        {
            var handle = (long)args[0]!;
            await _connection.SendAsync("EndInvokeJSFromDotNet", handle, true, JsonSerializer.Serialize(new object?[] { handle, true, null }),
                cancellationToken);
        });
        _connection.On("JS.Error", [typeof(string)], args =>
        {
            log.WriteLine($"circuit error: {args[0]}");
            _firstRender.TrySetException(new InvalidOperationException($"JS.Error: {args[0]}"));
            return Task.CompletedTask;
        });

        await _connection.StartAsync(cancellationToken);
        _ = await _connection.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), pageUri.ToString(), "[]", state, cancellationToken)
            ?? throw new InvalidOperationException("StartCircuit was refused.");
        // As blazor.web.js sends it: a numbered batch of "add" operations, one per prerendered server component.
        var batch = new Dictionary<string, object?>
        {
            ["batchId"] = 1,
            ["operations"] = markers.Select((marker, i) => new Dictionary<string, object?>
            {
                ["type"] = "add",
                ["ssrComponentId"] = i,
                ["marker"] = marker,
            }).ToList(),
        };
        await _connection.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(batch), state, cancellationToken);
    }

    /// <summary>Completes when the first render batch has arrived (the circuit rendered the page interactively).</summary>
    public Task Rendered => _firstRender.Task;

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }

    private HubConnection Connect(Uri pageUri)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), options =>
            {
                options.Cookies = cookies;
                options.Transports = HttpTransportType.WebSockets;
                options.Headers["Referer"] = pageUri.ToString();
            })
            .WithServerTimeout(TimeSpan.FromMinutes(5));
        // The builder registers the JSON protocol; the last IHubProtocol registered is the one the connection uses.
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        return builder.Build();
    }

    /// <summary>The <c>&lt;!--Blazor:{...}--&gt;</c> start markers of server components (end markers carry only a prerenderId).</summary>
    private static List<JsonElement> ServerMarkers(string html)
    {
        var markers = new List<JsonElement>();
        foreach (Match match in Marker().Matches(html))
        {
            using var document = JsonDocument.Parse(match.Groups[1].Value);
            var root = document.RootElement;
            if (root.TryGetProperty("type", out var type) && type.GetString() == "server" && root.TryGetProperty("descriptor", out _))
                markers.Add(root.Clone());
        }
        return markers;
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex ComponentState();
}
