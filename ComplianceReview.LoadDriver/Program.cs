using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ComplianceReview.LoadDriver;

// Usage: dotnet run -c Release --project ComplianceReview.LoadDriver -- [baseUrl] [circuits] [server's SQLite file] [approvals]
// The app must run in Development with Diagnostics:Enabled=true (the memory endpoint) and the development sign-in.
var baseUri = new Uri(args.Length > 0 ? args[0].TrimEnd('/') + "/" : "http://localhost:5080/");
var circuitCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var databasePath = args.Length > 2 ? args[2] : null;
var approvals = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200;
const string user = "dev-reviewer-1";
const int warmUpCircuits = 5;
const int openConcurrency = 8;
var log = Console.Out;

var cookies = new CookieContainer();
using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUri };

// Development sign-in: the form's antiforgery token, then the button of the chosen demo user.
var form = await http.GetStringAsync("signin/dev");
var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
if (!token.Success) throw new InvalidOperationException("No antiforgery token on /signin/dev (is the development sign-in on?).");
using (var response = await http.PostAsync("signin/dev", new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
    ["returnUrl"] = "/",
    ["userId"] = user,
})))
{
    if ((int)response.StatusCode >= 400) throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}.");
}
log.WriteLine($"Signed in as {user}");

// A few circuits first, so one-time costs (JIT, component metadata, caches) are not counted per circuit.
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var warmUp = new List<BlazorCircuit>();
for (var i = 0; i < warmUpCircuits; i++) warmUp.Add(await OpenAsync());
await Task.Delay(TimeSpan.FromSeconds(3));
var before = await MemoryAsync();
log.WriteLine($"Before ({warmUpCircuits} warm-up circuits open): {before}");

var circuits = new List<BlazorCircuit>();
var startTimes = new List<double>();
var watch = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, circuitCount), new ParallelOptions { MaxDegreeOfParallelism = openConcurrency },
    async (_, _) =>
    {
        var started = Stopwatch.StartNew();
        var circuit = await OpenAsync();
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
log.WriteLine($"After {circuitCount} circuits: {after}");
var perCircuit = (after.ManagedBytes - before.ManagedBytes) / (double)circuitCount;
startTimes.Sort();
log.WriteLine($"Managed heap per idle dashboard circuit: {perCircuit / 1024:F1} KB (goal <= 250 KB)");
log.WriteLine($"Working set per circuit: {(after.WorkingSetBytes - before.WorkingSetBytes) / (double)circuitCount / 1024:F1} KB");
log.WriteLine($"Circuit start to first render ({openConcurrency} opening at once): p50 {Percentile(startTimes, 0.50):F0} ms, p95 {Percentile(startTimes, 0.95):F0} ms");
log.WriteLine($"Render batches acknowledged: {circuits.Sum(c => c.Batches)}");

if (databasePath is not null && approvals > 0)
{
    var latencies = await InProcessApprovals.RunAsync(databasePath, approvals, concurrency: 4, log);
    log.WriteLine($"Approve (DemandService.ApproveAsync in the driver's process, {circuitCount} circuits open, 4 reviewers at once): " +
        $"n={latencies.Count}, p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms");
    var stillOpen = await MemoryAsync();
    log.WriteLine($"Circuits acknowledged {circuits.Sum(c => c.Batches)} render batches in all; server now: {stillOpen}");
}

foreach (var circuit in circuits.Concat(warmUp)) await circuit.DisposeAsync();
return 0;

async Task<BlazorCircuit> OpenAsync()
{
    var circuit = new BlazorCircuit(baseUri, cookies, log);
    await circuit.StartAsync(http, "/", cancel.Token);
    await circuit.Rendered.WaitAsync(TimeSpan.FromSeconds(120), cancel.Token);
    return circuit;
}

static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

async Task<MemorySnapshot> MemoryAsync() =>
    await http.GetFromJsonAsync<MemorySnapshot>("diagnostics/memory")
        ?? throw new InvalidOperationException("No memory figures (is Diagnostics:Enabled set?).");

internal sealed record MemorySnapshot(long ManagedBytes, long HeapSizeBytes, long FragmentedBytes, long WorkingSetBytes, int Gen2Collections)
{
    public override string ToString() =>
        $"managed {ManagedBytes / 1048576.0:F1} MB, heap {HeapSizeBytes / 1048576.0:F1} MB, working set {WorkingSetBytes / 1048576.0:F1} MB";
}
