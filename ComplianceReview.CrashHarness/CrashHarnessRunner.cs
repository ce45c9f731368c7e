using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ComplianceReview.CrashHarness;

internal sealed record HarnessOptions
{
    public int Kills { get; init; } = 100;
    public int Seed { get; init; } = 10;
    public int Workers { get; init; } = 3;
    public int IntakeClients { get; init; } = 2;

    /// <summary>
    /// When the kill comes, uniformly between these (seeded random): counted from the moment the workload has ended
    /// <see cref="WarmOperations"/> operations in this run of the app, or, in a startup round, from the process start.
    /// </summary>
    public TimeSpan MinKillDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxKillDelay { get; init; } = TimeSpan.FromMilliseconds(2500);

    public int WarmOperations { get; init; } = 3;

    /// <summary>The share of rounds whose kill is counted from the process start, so it may fall in startup and recovery.</summary>
    public double StartupKillShare { get; init; } = 0.1;
    public TimeSpan MaxStartupKillDelay { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>
    /// The first kill comes during the first start: up to this long after the app began seeding the demo data into the
    /// empty database (the seed takes seconds, so it is usually cut); zero turns it off.
    /// </summary>
    public TimeSpan MaxSeedKillDelay { get; init; } = TimeSpan.FromMilliseconds(8000);

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(180);
    public string AppAssemblyPath { get; init; } = AppProcess.DefaultAppAssemblyPath;

    /// <summary>Writes the app's last output lines after each kill.</summary>
    public bool Verbose { get; init; }

    /// <summary>A folder for the database; a new temporary one (deleted afterwards) when null.</summary>
    public string? WorkDirectory { get; init; }
}

/// <summary>One kill: when it came, and what it interrupted.</summary>
internal sealed record KillRecord(int Round, bool DuringStartupRound, string Phase, TimeSpan Delay, IReadOnlyList<string> OperationsInFlight, int IntakeInFlight,
    int OperationsDoneInRound);

internal sealed record HarnessReport(
    HarnessOptions Options,
    TimeSpan Duration,
    IReadOnlyList<KillRecord> Kills,
    int Restarts,
    int Checks,
    int IntakeSent,
    int IntakeAcknowledged,
    int IntakeUnacknowledgedStored,
    int WorkloadOperationsDone,
    int WorkloadConflicts,
    int WorkloadRefusals,
    IReadOnlyList<string> WorkloadErrors,
    CheckResult Initial,
    CheckResult Final,
    IReadOnlyList<string> Violations)
{
    public int KillsWithWorkInFlight => Kills.Count(k => k.OperationsInFlight.Count > 0 || k.IntakeInFlight > 0);

    public string Describe()
    {
        var interrupted = Kills.SelectMany(k => k.OperationsInFlight).GroupBy(o => o, StringComparer.Ordinal).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}");
        var lines = new List<string>
        {
            $"Crash-consistency run: {Kills.Count} kills (SIGKILL), seed {Options.Seed}, {Options.Workers} workers, {Options.IntakeClients} intake clients, {Duration.TotalSeconds:F0} s",
            $"  kills                         {Kills.Count}",
            $"  restarts reaching /health     {Restarts}",
            $"  kills in startup rounds       {Kills.Count(k => k.DuringStartupRound)} (counted from the process start); by phase at the kill: {string.Join(", ", Kills.GroupBy(k => k.Phase).Select(g => $"{g.Key} {g.Count()}"))}",
            $"  kills with work in flight     {KillsWithWorkInFlight} (workload operations cut: {Kills.Sum(k => k.OperationsInFlight.Count)}; intake requests cut: {Kills.Sum(k => k.IntakeInFlight)})",
            $"  operations cut, by kind       {string.Join(", ", interrupted)}",
            $"  intake requests sent          {IntakeSent}",
            $"  intake acknowledged (201)     {IntakeAcknowledged} (all checked stored after every later restart)",
            $"  unacknowledged but stored     {IntakeUnacknowledgedStored} (committed, answer lost to the kill; stored whole)",
            $"  workload operations done      {WorkloadOperationsDone} (conflicts {WorkloadConflicts}, refused by the domain {WorkloadRefusals}, unexpected errors {WorkloadErrors.Count})",
            $"  invariant checks              {Checks} (one after every restart)",
            $"  demands at the end            {Final.Demands} ({Initial.Demands} after seeding)",
            $"  decisions                     {Final.Decisions} ({Initial.Decisions} seeded or before the first check)",
            $"  sign-offs (incl. send-backs)  {Final.SignOffs} ({Initial.SignOffs} seeded or before the first check)",
            $"  snapshots checked             {Final.Snapshots}",
            $"  packages checked (hash)       {Final.Packages}",
            $"  order documents checked       {Final.Documents}",
            $"  audit entries verified        {Final.AuditEntries}",
            $"  violations                    {Violations.Count}",
        };
        lines.AddRange(Violations.Take(50).Select(v => "    " + v));
        lines.AddRange(WorkloadErrors.Take(20).Select(e => "    workload error: " + e));
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// The crash-consistency harness (docs/reliability.md). Each round starts the app as a child process with its in-process
/// workload on, checks the database it recovered, lets intake clients post through the HTTP API, and kills the app with
/// SIGKILL after a random delay (seeded). After the last kill the app is started once more without the workload for the
/// final check.
/// </summary>
internal static class CrashHarnessRunner
{
    public static async Task<HarnessReport> RunAsync(HarnessOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        var ownDirectory = options.WorkDirectory is null;
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "cr-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var databasePath = Path.Combine(directory, "compliance.db");
        try
        {
            return await RunAsync(options, databasePath, log, cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (ownDirectory)
            {
                try { Directory.Delete(directory, recursive: true); } catch (IOException) { } // best effort on temp files
            }
        }
    }

    private static async Task<HarnessReport> RunAsync(HarnessOptions options, string databasePath, TextWriter log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var ledger = new IntakeLedger();
        var kills = new List<KillRecord>();
        var violations = new List<string>();
        var errors = new List<string>();
        int restarts = 0, checks = 0, done = 0, conflicts = 0, refusals = 0;
        CheckResult? first = null, last = null;

        async Task CheckAsync(string when)
        {
            last = await InvariantChecker.CheckAsync(databasePath, ledger.Attempts, HarnessAuditKey.Ring, cancellationToken);
            first ??= last;
            checks++;
            violations.AddRange(last.Violations.Select(v => $"[{when}] {v}"));
        }

        for (var round = 1; round <= options.Kills; round++)
        {
            // Round 1 migrates and seeds an empty database: its kill is counted from the start of the seed, to cut it.
            var seedingRound = round == 1 && options.MaxSeedKillDelay > TimeSpan.Zero;
            var startupRound = seedingRound || (round > 1 && random.NextDouble() < options.StartupKillShare);
            var delay = seedingRound ? options.MaxSeedKillDelay * random.NextDouble()
                : startupRound ? options.MaxStartupKillDelay * random.NextDouble()
                : options.MinKillDelay + (options.MaxKillDelay - options.MinKillDelay) * random.NextDouble();
            var intakeRandoms = Enumerable.Range(0, options.IntakeClients).Select(_ => new Random(random.Next())).ToList();
            var casePrefix = string.Create(CultureInfo.InvariantCulture, $"CRASH-{options.Seed}-{round:000}-");
            using var stopIntake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var intake = new List<Task>();

            await using var app = AppProcess.Start(options.AppAssemblyPath, databasePath, workload: true, options.Workers, workloadSeed: options.Seed * 1000 + round);
            if (seedingRound)
            {
                await app.WaitForSeedingAsync(options.StartupTimeout, cancellationToken);
            }
            else if (!startupRound)
            {
                await app.WaitUntilHealthyAsync(options.StartupTimeout, cancellationToken);
                if (round > 1) restarts++;

                // The state the previous kill left, as this start recovered it (the workload may be writing already; the check reads a snapshot).
                await CheckAsync(round == 1 ? "after the first start" : $"after kill {round - 1}");

                intake.AddRange(intakeRandoms.Select((r, i) => new IntakeClient(app.BaseAddress, IntakeLedger.ReviewerFor(i),
                    string.Create(CultureInfo.InvariantCulture, $"{casePrefix}{i + 1}"), r, ledger).RunAsync(stopIntake.Token)));
                await app.WaitForOperationsAsync(options.WarmOperations, options.StartupTimeout, cancellationToken);
            }

            await Task.Delay(delay, cancellationToken); // the random moment: the point of the harness
            app.Kill();
            await app.WaitForExitAsync(cancellationToken);
            await stopIntake.CancelAsync();
            await Task.WhenAll(intake);

            var cut = ledger.Attempts.Count(a => a.CaseNumber.StartsWith(casePrefix, StringComparison.Ordinal) && !a.Finished);
            kills.Add(new KillRecord(round, startupRound, app.Phase, delay, app.InFlight, cut, app.OperationsDone));
            if (options.Verbose) log.WriteLine(app.LastOutput());
            done += app.OperationsDone;
            conflicts += app.Conflicts;
            refusals += app.Refusals;
            errors.AddRange(app.Errors);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kill {round}/{options.Kills}{(startupRound ? " (startup round)" : "")} after {delay.TotalMilliseconds:F0} ms, {app.Phase}: {app.OperationsDone} operations done, in flight [{string.Join(", ", app.InFlight)}], intake cut {cut}; {watch.Elapsed.TotalSeconds:F0} s"));
        }

        // The last restart, without the workload: the final word on what the last kill left.
        await using (var app = AppProcess.Start(options.AppAssemblyPath, databasePath, workload: false, options.Workers, workloadSeed: 0))
        {
            await app.WaitUntilHealthyAsync(options.StartupTimeout, cancellationToken);
            restarts++;
            await CheckAsync($"after kill {options.Kills} (final)");
            app.Kill(); // idle: no workload, no requests
            await app.WaitForExitAsync(cancellationToken);
        }

        violations.AddRange(ledger.Refusals.Select(r => $"Intake refused a valid demand: {r}"));
        var attempts = ledger.Attempts;
        return new HarnessReport(options, watch.Elapsed, kills, restarts, checks, attempts.Count,
            last!.AcknowledgedIntakes, last.UnacknowledgedStored, done, conflicts, refusals, errors, first!, last, violations);
    }
}
