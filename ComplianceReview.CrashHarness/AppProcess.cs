using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using ComplianceReview.App.Data;
using ComplianceReview.Diagnostics;

namespace ComplianceReview.CrashHarness;

/// <summary>
/// The app as a child process: <c>dotnet ComplianceReview.App.dll</c> from the app's own build output, on a free loopback
/// port and the harness's database file. The process is the app itself (the muxer runs it in-process; there is no
/// <c>dotnet run</c> wrapper), so <see cref="Kill"/> is a SIGKILL to the app. Its standard output is read for the workload's
/// begin and end lines, which tell which operations were in flight when it died.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<int, string> _inFlight = [];
    private readonly Queue<string> _lastLines = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    private (int Count, TaskCompletionSource Reached)? _progressWaiter;

    /// <summary>Where the process was: "starting" (before the workload started), "seeding" (the demo seed under way) or "working".</summary>
    public string Phase
    {
        get
        {
            lock (_gate) return _workloadStarted ? "working" : _seeding ? "seeding" : "starting";
        }
    }

    private bool _seeding;
    private readonly TaskCompletionSource _seedingStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _workloadStarted;

    public int OperationsDone { get; private set; }
    public int Conflicts { get; private set; }
    public int Refusals { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>Operations begun and not ended; after <see cref="WaitForExitAsync"/>, the ones the kill interrupted.</summary>
    public IReadOnlyList<string> InFlight
    {
        get
        {
            lock (_gate) return [.. _inFlight.Values];
        }
    }

    public static string DefaultAppAssemblyPath =>
        typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppAssemblyPath").Value!;

    public static AppProcess Start(string appAssemblyPath, string databasePath, bool workload, int workers, int workloadSeed)
    {
        if (!File.Exists(appAssemblyPath))
            throw new FileNotFoundException($"The app is not built at {appAssemblyPath}; build the solution first.", appAssemblyPath);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(appAssemblyPath)!, // the content root: appsettings.json, static web assets
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     appAssemblyPath,
                     "--urls", baseAddress.ToString().TrimEnd('/'),
                     "--environment", "Development",
                     $"--Database:Provider=Sqlite",
                     $"--Database:SqlitePath={databasePath}",
                     // The trail's key lives outside the database, as in production: the harness holds it for every restart.
                     $"--Audit:Keys:0:Id={HarnessAuditKey.Id}",
                     $"--Audit:Keys:0:Secret={HarnessAuditKey.Secret}",
                     $"--Audit:CheckpointPath={Path.Combine(Path.GetDirectoryName(databasePath)!, "audit-checkpoints")}",
                     "--Demo:Seed=true",
                     "--Identity:DevelopmentSignIn=true",
                     $"--{CrashWorkloadOptions.Section}:Enabled={(workload ? "true" : "false")}",
                     string.Create(CultureInfo.InvariantCulture, $"--{CrashWorkloadOptions.Section}:Workers={workers}"),
                     string.Create(CultureInfo.InvariantCulture, $"--{CrashWorkloadOptions.Section}:Seed={workloadSeed}"),
                     "--Logging:LogLevel:Default=Warning",
                     $"--Logging:LogLevel:{typeof(DatabaseInitialiser).FullName}=Information", // "Seeding demo data"
                 })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // The workload is not in the product: it joins the app's host from the tools' assembly (docs/reliability.md).
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(CrashWorkloadOptions).Assembly.Location;
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Exited += (_, _) => app._exited.TrySetResult();
        if (!process.Start()) throw new InvalidOperationException("The app process did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public int ProcessId => _process.Id;

    /// <summary>Waits for <c>/health</c> to answer 200: the database was opened (and recovered), migrated, and the app serves.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy:\n{LastOutput()}");
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"The app was not healthy after {timeout.TotalSeconds:F0} s:\n{LastOutput()}");
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            // Poll again, or wake at once if the process dies meanwhile.
            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken));
        }
    }

    /// <summary>
    /// Waits until the workload has ended <paramref name="operations"/> operations (done, conflict or refused): past the
    /// cold start (first queries compiled, first package rendered), so the random kill falls in steady work.
    /// </summary>
    public async Task WaitForOperationsAsync(int operations, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task reached;
        lock (_gate)
        {
            if (Ended >= operations) return;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _progressWaiter = (operations, waiter);
            reached = waiter.Task;
        }
        var first = await Task.WhenAny(reached, _exited.Task, Task.Delay(timeout, cancellationToken));
        if (first == reached) return;
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException(_process.HasExited
            ? $"The app exited before its workload ended {operations} operations:\n{LastOutput()}"
            : $"The workload did not end {operations} operations in {timeout.TotalSeconds:F0} s:\n{LastOutput()}");
    }

    /// <summary>Waits for the app to log that it started seeding the demo data (an empty database on its first start).</summary>
    public async Task WaitForSeedingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(_seedingStarted.Task, _exited.Task, Task.Delay(timeout, cancellationToken));
        if (first == _seedingStarted.Task) return;
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"The app did not start seeding within {timeout.TotalSeconds:F0} s:\n{LastOutput()}");
    }

    private int Ended => OperationsDone + Conflicts + Refusals + Errors.Count;

    /// <summary>SIGKILL: no shutdown code runs, open transactions are cut where they stand.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Waits for the process to be gone and its output to be read to the end.</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken) => await _process.WaitForExitAsync(cancellationToken);

    public string LastOutput()
    {
        lock (_gate) return string.Join('\n', _lastLines);
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40) _lastLines.Dequeue();
            if (line.Contains(DatabaseInitialiser.SeedingMessage, StringComparison.Ordinal))
            {
                _seeding = true;
                _seedingStarted.TrySetResult();
            }
            if (!line.StartsWith(CrashWorkloadProtocol.Prefix, StringComparison.Ordinal)) return;

            // "<prefix> begin <worker> <operation> <reference>" / "<prefix> end <worker> <operation> <reference> <outcome> <ms>"
            var parts = line[CrashWorkloadProtocol.Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2) return;
            switch (parts[0])
            {
                case CrashWorkloadProtocol.Started:
                    _workloadStarted = true;
                    break;
                case CrashWorkloadProtocol.Begin when parts.Length >= 4:
                    _inFlight[int.Parse(parts[1], CultureInfo.InvariantCulture)] = parts[2];
                    break;
                case CrashWorkloadProtocol.End when parts.Length >= 5:
                    _inFlight.Remove(int.Parse(parts[1], CultureInfo.InvariantCulture));
                    switch (parts[4])
                    {
                        case CrashWorkloadProtocol.Done: OperationsDone++; break;
                        case CrashWorkloadProtocol.Conflict: Conflicts++; break;
                        case CrashWorkloadProtocol.Refused: Refusals++; break;
                    }
                    break;
                case CrashWorkloadProtocol.Error:
                    Errors.Add(line);
                    break;
            }
            if (_progressWaiter is { } waiter && Ended >= waiter.Count)
            {
                _progressWaiter = null;
                waiter.Reached.TrySetResult();
            }
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
