using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ComplianceReview.LoadDriver;

/// <summary>The approval latencies (sorted, ms) and what went wrong with the approvals that did not succeed.</summary>
internal sealed record ApprovalRun(IReadOnlyList<double> Latencies, IReadOnlyList<string> Failures);

/// <summary>
/// Approvals as a reviewer makes them in the browser, over a circuit of their own on the demand page: choose "Approve"
/// in the decision panel, type the reason (input events, as the text field is immediate), click the submit button, and
/// wait for the render batch that shows the "Approved." message. The timed part is the last step: from sending the click
/// to receiving that batch. Demands are registered through POST /api/demands and put in review with the page's
/// "Start review" button, so every step goes through the running server.
/// </summary>
internal sealed class UiApprovals(Uri baseUri, HttpClient http, HttpClientHandler handler, string target, TextWriter log, CancellationToken cancellationToken)
{
    public const string Reason = "Valid subpoena for subscriber identity of the named account.";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Registers <paramref name="count"/> subpoenas for the target account and starts the review of each.</summary>
    public async Task<IReadOnlyList<string>> PrepareAsync(int count, int concurrency)
    {
        var now = DateTimeOffset.UtcNow;
        var stamp = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var references = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                using var response = await http.PostAsJsonAsync("api/demands", new
                {
                    agencyName = "Load Driver Police",
                    agencyCountry = "GB",
                    processType = "Subpoena",
                    issuingAuthority = "Load Driver Court",
                    caseNumber = $"LOAD-{stamp}-{i}",
                    issuedOn = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-1)),
                    receivedAt = now,
                    dueAt = now.AddDays(14),
                    targets = new[] { target },
                    categories = new[] { "SubscriberIdentity" },
                    coveredFrom = now.AddDays(-90),
                    coveredTo = now.AddDays(-1),
                }, token);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"POST /api/demands: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
                var reference = body.RootElement.GetProperty("reference").GetString()!;

                await using var circuit = await OpenDemandAsync(reference);
                var start = await ButtonAsync(circuit, "decision-start-review");
                await circuit.DispatchAsync(start, "click", BlazorCircuit.Click);
                await ButtonAsync(circuit, "decision-mode-Approve");
                references[i] = reference;
            });
        return references;
    }

    public async Task<ApprovalRun> ApproveAllAsync(IReadOnlyList<string> references, int concurrency)
    {
        var latencies = new List<double>();
        var failures = new List<string>();
        await Parallel.ForEachAsync(references, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (reference, _) =>
            {
                try
                {
                    var latency = await ApproveAsync(reference);
                    lock (latencies) latencies.Add(latency);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
                {
                    lock (failures) failures.Add($"{reference}: {ex.Message}");
                }
            });
        latencies.Sort();
        if (failures.Count > 0) log.WriteLine($"  {failures.Count} approval(s) failed; first: {failures[0]}");
        return new ApprovalRun(latencies, failures);
    }

    /// <summary>One approval on its own circuit; returns the click-to-confirmation time in milliseconds.</summary>
    private async Task<double> ApproveAsync(string reference)
    {
        await using var circuit = await OpenDemandAsync(reference);

        // Three decisions are open on a subpoena in review (approve, approve partially, reject): choose Approve.
        var mode = await ButtonAsync(circuit, "decision-mode-Approve");
        await (await circuit.DispatchAsync(mode, "click", BlazorCircuit.Click)).WaitAsync(StepTimeout);

        // The reason field is immediate: each input event updates the form (the browser sends the value with it).
        var (reasonField, _) = await circuit.WaitForAsync(dom => dom.ElementById("decision-reason") is { } e && e.EventHandlers.ContainsKey("input") ? e : null,
            StepTimeout, "the reason field");
        await (await circuit.DispatchAsync(reasonField, "input", BlazorCircuit.Value(Reason), fieldValue: Reason)).WaitAsync(StepTimeout);
        var (submit, _) = await circuit.WaitForAsync(dom => dom.ElementById("decision-submit") is { } e && !e.Attributes.ContainsKey("disabled")
                && e.EventHandlers.ContainsKey("click") && e.TextContent().Contains("Approve", StringComparison.Ordinal) ? e : null,
            StepTimeout, "an enabled Approve button");

        var outcome = circuit.WaitForAsync(Outcome, StepTimeout, $"the outcome of approving {reference}");
        var clicked = Stopwatch.GetTimestamp();
        var handled = await circuit.DispatchAsync(submit, "click", BlazorCircuit.Click);
        var ((ok, message), receivedAt) = await outcome;
        await handled.WaitAsync(StepTimeout);
        if (!ok) throw new InvalidOperationException($"The page says: {message}");
        return Stopwatch.GetElapsedTime(clicked, receivedAt).TotalMilliseconds;
    }

    /// <summary>The page's answer to a decision: the success message, or the error or conflict alert.</summary>
    private static Tuple<bool, string>? Outcome(BrowserDom dom)
    {
        if (dom.ElementById("demand-done") is { } done && done.TextContent().Contains("Approved", StringComparison.Ordinal))
            return Tuple.Create(true, done.TextContent().Trim());
        if ((dom.ElementById("demand-error") ?? dom.ElementById("demand-conflict")) is { } problem)
            return Tuple.Create(false, problem.TextContent().Trim());
        return null;
    }

    private async Task<BlazorCircuit> OpenDemandAsync(string reference)
    {
        var circuit = new BlazorCircuit(baseUri, handler.CookieContainer, handler, log, trackDom: true);
        try
        {
            await circuit.StartAsync(http, $"/demands/{reference}", cancellationToken);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    private static async Task<DomElement> ButtonAsync(BlazorCircuit circuit, string id)
    {
        var (button, _) = await circuit.WaitForAsync(dom => dom.ElementById(id) is { } e && e.EventHandlers.ContainsKey("click") && !e.Attributes.ContainsKey("disabled") ? e : null,
            StepTimeout, $"the button #{id}");
        return button;
    }
}
