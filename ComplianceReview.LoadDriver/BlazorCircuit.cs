using System.Diagnostics;
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
/// With <c>trackDom</c> it also decodes every batch into a <see cref="BrowserDom"/> and can dispatch browser events to
/// the handlers found there, the way blazor.web.js does (<c>BeginInvokeDotNetFromJS</c> to the renderer's
/// <c>DispatchEventAsync</c>); idle circuits leave it off, so the driver's own cost per circuit stays small.
/// </summary>
internal sealed partial class BlazorCircuit(Uri baseUri, CookieContainer cookies, HttpMessageHandler sharedHandler, TextWriter log, bool trackDom = false)
    : IAsyncDisposable
{
    private readonly TaskCompletionSource _firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BrowserDom _dom = new();
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiters = [];
    private readonly Dictionary<string, TaskCompletionSource> _calls = [];
    private HubConnection? _connection;
    private long _batches;
    private long _rendererInteropId = -1;
    private long _nextCallId;
    private string? _error;

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
            var received = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _batches);
            if (trackDom) ApplyBatch((byte[])args[1]!, received);
            await _connection.SendAsync("OnRenderCompleted", (long)args[0]!, null, cancellationToken);
            _firstRender.TrySetResult();
        });
        _connection.On("JS.AttachComponent", [typeof(int), typeof(string)], args =>
        {
            if (trackDom) lock (_gate) _dom.AttachRootComponent((int)args[0]!);
            return Task.CompletedTask;
        });
        _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async args =>
        {
            var handle = (long)args[0]!;
            if ((string)args[1]! == "Blazor._internal.attachWebRendererInterop") RememberRendererInterop((string)args[2]!);
            if (handle == 0) return; // fire and forget
            await _connection.SendAsync("EndInvokeJSFromDotNet", handle, true, JsonSerializer.Serialize(new object?[] { handle, true, null }),
                cancellationToken);
        });
        _connection.On("JS.EndInvokeDotNet", [typeof(string), typeof(bool), typeof(string)], args =>
        {
            TaskCompletionSource? call;
            lock (_gate) _calls.Remove((string)args[0]!, out call);
            if ((bool)args[1]!) call?.TrySetResult();
            else call?.TrySetException(new InvalidOperationException($"The server refused the call: {args[2]}"));
            return Task.CompletedTask;
        });
        _connection.On("JS.EndUpdateRootComponents", [typeof(long)], _ => Task.CompletedTask);
        _connection.On("JS.Error", [typeof(string)], args =>
        {
            log.WriteLine($"circuit error: {args[0]}");
            Fail($"JS.Error: {args[0]}");
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

    /// <summary>
    /// Completes with the first non-null result of <paramref name="probe"/> on the page, checked now and after each render
    /// batch, with the time (<see cref="Stopwatch.GetTimestamp"/>) at which the batch that satisfied it arrived.
    /// </summary>
    public Task<(T Value, long ReceivedAt)> WaitForAsync<T>(Func<BrowserDom, T?> probe, TimeSpan timeout, string what) where T : class
    {
        if (!trackDom) throw new InvalidOperationException("This circuit does not keep the page (trackDom is off).");
        var waiter = new Waiter(dom => probe(dom));
        lock (_gate)
        {
            if (_error is not null) throw new InvalidOperationException(_error);
            if (probe(_dom) is { } now) return Task.FromResult((now, Stopwatch.GetTimestamp()));
            _waiters.Add(waiter);
        }
        return Completed(waiter, timeout, what);

        async Task<(T, long)> Completed(Waiter w, TimeSpan limit, string description)
        {
            try
            {
                var (value, at) = await w.Result.Task.WaitAsync(limit);
                return ((T)value, at);
            }
            catch (TimeoutException)
            {
                string ids;
                lock (_gate)
                {
                    _waiters.Remove(w);
                    ids = string.Join(", ", _dom.Elements().Where(e => e.Id is not null).Select(e => $"{e}[{string.Join(' ', e.EventHandlers.Keys)}]"));
                }
                throw new TimeoutException($"Waited {limit.TotalSeconds:F0} s for {description}; {Batches} batches, elements with ids: {ids}.");
            }
        }
    }

    /// <summary>
    /// Dispatches a browser event to the handler the server attached to <paramref name="element"/>, as blazor.web.js's
    /// event delegator does: <c>BeginInvokeDotNetFromJS</c> calling the renderer's <c>DispatchEventAsync</c> with the
    /// event descriptor (handler id, event name, field info for inputs) and the event arguments. Returns once the message
    /// is sent; the returned task completes when the server has finished handling the event.
    /// </summary>
    public async Task<Task> DispatchAsync(DomElement element, string eventName, object eventArgs, string? fieldValue = null)
    {
        if (_connection is null) throw new InvalidOperationException("The circuit is not started.");
        var interop = Interlocked.Read(ref _rendererInteropId);
        if (interop < 0) throw new InvalidOperationException("The server has not attached the renderer's interop object yet.");
        ulong handler;
        lock (_gate)
        {
            if (!element.EventHandlers.TryGetValue(eventName, out handler))
                throw new InvalidOperationException($"{element} has no '{eventName}' handler.");
        }
        // The browser sends the field's new value with input and change events on form fields, so the server can update
        // its copy of the frame without re-rendering it.
        object? fieldInfo = fieldValue is null ? null : new { componentId = element.ComponentId, fieldValue };
        var descriptor = new { eventHandlerId = handler, eventName, eventFieldInfo = fieldInfo };
        var callId = Interlocked.Increment(ref _nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _calls[callId] = done;
        await _connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", interop,
            JsonSerializer.Serialize(new object?[] { descriptor, eventArgs }));
        return done.Task;
    }

    /// <summary>A left click as the browser describes it (the server reads it as MouseEventArgs).</summary>
    public static object Click => new { type = "click", detail = 1, button = 0, buttons = 0, screenX = 0, screenY = 0, clientX = 0, clientY = 0, offsetX = 0, offsetY = 0, pageX = 0, pageY = 0, movementX = 0, movementY = 0, ctrlKey = false, shiftKey = false, altKey = false, metaKey = false };

    /// <summary>The arguments of an input or change event (ChangeEventArgs).</summary>
    public static object Value(string value) => new { value };

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }

    private void ApplyBatch(byte[] bytes, long receivedAt)
    {
        lock (_gate)
        {
            if (_error is not null) return;
            try
            {
                _dom.Apply(RenderBatchReader.Read(bytes));
            }
            catch (FormatException ex)
            {
                Fail($"Render batch {Batches} could not be applied: {ex.Message}");
                return;
            }
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Probe(_dom) is not { } value) continue;
                _waiters[i].Result.TrySetResult((value, receivedAt));
                _waiters.RemoveAt(i);
            }
        }
    }

    private void Fail(string error)
    {
        _firstRender.TrySetException(new InvalidOperationException(error));
        lock (_gate)
        {
            _error ??= error;
            foreach (var waiter in _waiters) waiter.Result.TrySetException(new InvalidOperationException(error));
            _waiters.Clear();
        }
    }

    /// <summary>The renderer hands the browser a .NET object to dispatch events to: <c>[rendererId, {"__dotNetObject":id}, ...]</c>.</summary>
    private void RememberRendererInterop(string argsJson)
    {
        using var args = JsonDocument.Parse(argsJson);
        Interlocked.Exchange(ref _rendererInteropId, args.RootElement[1].GetProperty("__dotNetObject").GetInt64());
    }

    private HubConnection Connect(Uri pageUri)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), options =>
            {
                options.Cookies = cookies;
                // Negotiate over the user's one connection pool, as a browser tab does. By default each HubConnection
                // makes an HttpClient of its own, and the keep-alive connection left behind by its negotiate request
                // stayed open on the server beside the WebSocket: about 8 KB per circuit that no browser adds.
                options.HttpMessageHandlerFactory = _ => new SharedHandler(sharedHandler);
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

    /// <summary>Lends the shared handler to a HubConnection, which disposes what it is given when it closes.</summary>
    private sealed class SharedHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // Not base.Dispose: the inner handler belongs to the driver and serves every circuit of the user.
        }
    }

    private sealed class Waiter(Func<BrowserDom, object?> probe)
    {
        public Func<BrowserDom, object?> Probe { get; } = probe;
        public TaskCompletionSource<(object Value, long ReceivedAt)> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex ComponentState();
}
