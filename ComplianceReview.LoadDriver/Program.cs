using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ComplianceReview.LoadDriver;

// Usage (see docs/benchmarks.md): dotnet run -c Release --project ComplianceReview.LoadDriver --
//   [baseUrl] [--circuits 500] [--approvals 200] [--approve-concurrency 1] [--target acct-10001] [--hold 0]
//   heap PID FILE | heap-diff BEFORE AFTER [top]
// The app must run in Development with the tools' assembly loaded (DOTNET_STARTUP_HOOKS, docs/benchmarks.md),
// Diagnostics:Enabled=true (the memory endpoint) and the development sign-in.
// heap PID FILE / heap-diff BEFORE AFTER [top]: what the server's circuits hold, by type (see HeapCensus).
if (args is ["heap", var pid, var censusPath]) return HeapCensus.Take(int.Parse(pid, CultureInfo.InvariantCulture), censusPath);
if (args is ["heap-diff", var beforeCensus, var afterCensus, ..] )
    return HeapCensus.Diff(beforeCensus, afterCensus, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 40);

var options = DriverOptions.Parse(args);
var baseUri = options.BaseUri;
const string dashboardUser = "dev-reviewer-1";
// Approvals are made by another reviewer, so the dashboard user's "My reviews" list does not change under the circuits.
const string approvingUser = "dev-reviewer-2";
const int warmUpCircuits = 5;
const int openConcurrency = 8;
const int warmUpApprovals = 5;
var log = Console.Out;

var dashboardCookies = new CookieContainer();
using var dashboardHandler = new HttpClientHandler { CookieContainer = dashboardCookies, AllowAutoRedirect = false };
using var http = new HttpClient(dashboardHandler, disposeHandler: false) { BaseAddress = baseUri };
await SignInAsync(http, dashboardUser);

// A few circuits first, so one-time costs (JIT, component metadata, caches) are not counted per circuit.
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(60));
var warmUp = new List<BlazorCircuit>();
for (var i = 0; i < warmUpCircuits; i++) warmUp.Add(await OpenAsync(http, dashboardHandler, "/"));
await Task.Delay(TimeSpan.FromSeconds(3));
var before = await MemoryAsync();
log.WriteLine($"Before ({warmUpCircuits} warm-up circuits open): {before}");

var circuits = new List<BlazorCircuit>();
var startTimes = new List<double>();
var watch = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, options.Circuits), new ParallelOptions { MaxDegreeOfParallelism = openConcurrency },
    async (_, _) =>
    {
        var started = Stopwatch.StartNew();
        var circuit = await OpenAsync(http, dashboardHandler, "/");
        lock (circuits)
        {
            circuits.Add(circuit);
            startTimes.Add(started.Elapsed.TotalMilliseconds);
            if (circuits.Count % 50 == 0) log.WriteLine($"  {circuits.Count} circuits open ({watch.Elapsed.TotalSeconds:F0} s)");
        }
    });

// Let the circuits go idle (pending renders, JS interop answered), then measure.
await Task.Delay(TimeSpan.FromSeconds(5));
var after = await MemoryAsync();
log.WriteLine($"After {options.Circuits} circuits: {after}");
startTimes.Sort();
if (options.Circuits > 0)
{
    log.WriteLine($"Managed heap per idle dashboard circuit: {(after.ManagedBytes - before.ManagedBytes) / (double)options.Circuits / 1024:F1} KB (goal <= 250 KB)");
    log.WriteLine($"Working set per circuit: {(after.WorkingSetBytes - before.WorkingSetBytes) / (double)options.Circuits / 1024:F1} KB");
    log.WriteLine($"Circuit start to first render ({openConcurrency} opening at once): p50 {Percentile(startTimes, 0.50):F0} ms, p95 {Percentile(startTimes, 0.95):F0} ms");
}
log.WriteLine($"Render batches acknowledged: {circuits.Sum(c => c.Batches)}");

if (options.Approvals > 0)
{
    var approverCookies = new CookieContainer();
    using var approverHandler = new HttpClientHandler { CookieContainer = approverCookies, AllowAutoRedirect = false };
    using var approverHttp = new HttpClient(approverHandler, disposeHandler: false) { BaseAddress = baseUri };
    await SignInAsync(approverHttp, approvingUser);
    var approvals = new UiApprovals(baseUri, approverHttp, approverHandler, options.Target, log, cancel.Token);

    var count = warmUpApprovals + options.Approvals;
    var prepared = Stopwatch.StartNew();
    var references = await approvals.PrepareAsync(count, concurrency: 4);
    log.WriteLine($"Prepared {references.Count} demands in review as {approvingUser} ({prepared.Elapsed.TotalSeconds:F0} s: POST /api/demands, then Start review on each demand page)");

    // The first approvals JIT the approval path; they are made and not counted.
    await approvals.ApproveAllAsync(references.Take(warmUpApprovals).ToList(), concurrency: 1);
    var result = await approvals.ApproveAllAsync(references.Skip(warmUpApprovals).ToList(), options.ApproveConcurrency);
    var latencies = result.Latencies;
    log.WriteLine($"Approve through the UI ({options.Circuits} dashboard circuits open, {options.ApproveConcurrency} reviewer circuit(s) at once; " +
        "click on Approve to the render batch that shows the approval): " +
        (latencies.Count == 0 ? "none succeeded" :
            $"n={latencies.Count}, p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms") +
        (result.Failures.Count == 0 ? "" : $"; {result.Failures.Count} failed, first: {result.Failures[0]}"));
    var stillOpen = await MemoryAsync();
    log.WriteLine($"Dashboard circuits acknowledged {circuits.Sum(c => c.Batches)} render batches in all; server now: {stillOpen}");
}

if (options.HoldSeconds > 0)
{
    log.WriteLine($"Holding the circuits open for {options.HoldSeconds} s (for a heap dump of the server).");
    await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
}

foreach (var circuit in circuits.Concat(warmUp)) await circuit.DisposeAsync();
return 0;

async Task<BlazorCircuit> OpenAsync(HttpClient client, HttpClientHandler handler, string path)
{
    var circuit = new BlazorCircuit(baseUri, handler.CookieContainer, handler, log);
    await circuit.StartAsync(client, path, cancel.Token);
    await circuit.Rendered.WaitAsync(TimeSpan.FromSeconds(120), cancel.Token);
    return circuit;
}

static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

async Task<MemorySnapshot> MemoryAsync() =>
    await http.GetFromJsonAsync<MemorySnapshot>("diagnostics/memory")
        ?? throw new InvalidOperationException("No memory figures (is the app started with the tools' startup hook and Diagnostics:Enabled?).");

// Development sign-in: the form's antiforgery token, then the button of the chosen demo user.
async Task SignInAsync(HttpClient client, string user)
{
    var form = await client.GetStringAsync("signin/dev");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
    if (!token.Success) throw new InvalidOperationException("No antiforgery token on /signin/dev (is the development sign-in on?).");
    using var response = await client.PostAsync("signin/dev", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        ["returnUrl"] = "/",
        ["userId"] = user,
    }));
    if ((int)response.StatusCode >= 400) throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}.");
    log.WriteLine($"Signed in as {user}");
}

internal sealed record MemorySnapshot(long ManagedBytes, long HeapSizeBytes, long FragmentedBytes, long WorkingSetBytes, int Gen2Collections)
{
    public override string ToString() =>
        $"managed {ManagedBytes / 1048576.0:F1} MB, heap {HeapSizeBytes / 1048576.0:F1} MB, working set {WorkingSetBytes / 1048576.0:F1} MB";
}

internal sealed record DriverOptions(Uri BaseUri, int Circuits, int Approvals, int ApproveConcurrency, string Target, int HoldSeconds)
{
    public static DriverOptions Parse(string[] args)
    {
        var baseUrl = "http://localhost:5080/";
        int circuits = 500, approvals = 200, concurrency = 1, hold = 0;
        var target = "acct-10001"; // the demo seed's first customer, so each approval's snapshot holds real records
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--circuits": circuits = Int(args, ++i); break;
                case "--approvals": approvals = Int(args, ++i); break;
                case "--approve-concurrency": concurrency = Int(args, ++i); break;
                case "--target": target = args[++i]; break;
                case "--hold": hold = Int(args, ++i); break;
                case var url when !url.StartsWith("--", StringComparison.Ordinal): baseUrl = url; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return new DriverOptions(new Uri(baseUrl.TrimEnd('/') + "/"), circuits, approvals, Math.Max(1, concurrency), target, hold);
    }

    private static int Int(string[] args, int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
}
