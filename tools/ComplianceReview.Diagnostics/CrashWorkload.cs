using System.Diagnostics;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Requesters;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.Diagnostics;

/// <summary>The <c>CrashWorkload</c> section: the crash-consistency harness's in-process workload (docs/reliability.md).</summary>
public sealed class CrashWorkloadOptions
{
    public const string Section = "CrashWorkload";

    public bool Enabled { get; set; }

    /// <summary>How many people act at once.</summary>
    public int Workers { get; set; } = 3;

    /// <summary>Seeds each worker's choices; the interleaving of the workers is still the scheduler's.</summary>
    public int Seed { get; set; } = 1;
}

/// <summary>
/// The lines the workload writes to standard output, one per operation it begins and ends, so the harness that kills
/// this process knows how much work was in flight at the kill. Shared with ComplianceReview.CrashHarness.
/// </summary>
public static class CrashWorkloadProtocol
{
    public const string Prefix = "crash-workload:";
    public const string Started = "started";
    public const string Begin = "begin";
    public const string End = "end";
    public const string Error = "error";

    /// <summary>How an operation ended: done, lost a race (conflict), refused by the domain, or failed unexpectedly.</summary>
    public const string Done = "done";
    public const string Conflict = "conflict";
    public const string Refused = "refused";
    public const string Failed = "failed";
}

public static class CrashWorkloadExtensions
{
    internal const string NeedsDevelopmentSignIn =
        "CrashWorkload:Enabled needs the development sign-in (its workers act as the demo users); Entra is configured or Identity:DevelopmentSignIn is false.";

    /// <summary>Registered only when <c>CrashWorkload:Enabled</c> is true, and only with the development sign-in its workers act as.</summary>
    internal static void AddCrashWorkload(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(CrashWorkloadOptions.Section);
        if (!section.GetValue<bool>(nameof(CrashWorkloadOptions.Enabled))) return;
        if (!string.IsNullOrWhiteSpace(configuration[$"{IdentityExtensions.AzureAdSectionName}:ClientId"])
            || !configuration.GetValue<bool>($"{ComplianceIdentityOptions.SectionName}:{nameof(ComplianceIdentityOptions.DevelopmentSignIn)}"))
        {
            throw new InvalidOperationException(NeedsDevelopmentSignIn);
        }

        services.AddOptions<CrashWorkloadOptions>().Bind(section)
            .Validate(o => o.Workers is >= 1 and <= 8, "CrashWorkload:Workers must be between 1 and 8.")
            .ValidateOnStart();
        services.AddHostedService<CrashWorkload>();
    }
}

/// <summary>
/// Moves demands through the workflow the way reviewers and legal leads do, through the same services and the same
/// authorization as the UI: each operation runs in a scope of its own whose authentication state is the demo user's, as a
/// circuit's is. Nothing is kept in memory between operations (the next one is chosen from the database), so a kill at
/// any moment loses only what was in flight. Intake is not here: the harness registers demands through the HTTP API.
/// </summary>
internal sealed partial class CrashWorkload(
    IServiceScopeFactory scopes,
    IDbContextFactory<ComplianceDbContext> contexts,
    IOptions<CrashWorkloadOptions> options,
    ILogger<CrashWorkload> logger) : BackgroundService
{
    private static readonly DemoUser[] Reviewers = [Find(DemoUsers.Reviewer1), Find(DemoUsers.Reviewer2)];
    private static readonly DemoUser[] LegalLeads = [Find(DemoUsers.LegalLead1), Find(DemoUsers.LegalLead2)];
    private static readonly DemoUser Auditor = Find(DemoUsers.Auditor1);

    private static readonly TextWriter Out = Console.Out; // synchronized; one write per line

    private static DemoUser Find(string id) => DemoUsers.All.Single(u => u.Id == id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        var workers = options.Value.Workers;
        Out.WriteLine($"{CrashWorkloadProtocol.Prefix} {CrashWorkloadProtocol.Started} workers={workers}");
        await Task.WhenAll(Enumerable.Range(1, workers).Select(w => RunWorkerAsync(w, new Random(options.Value.Seed * 97 + w), stoppingToken)));
    }

    private async Task RunWorkerAsync(int worker, Random random, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = await PickAsync(random, stoppingToken);
                if (next is null)
                {
                    // Nothing to move on: wait for the harness's intake (this is the app's loop, not a test's wait).
                    await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
                    continue;
                }
                await ActAsync(new Step(worker, random, next), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed record Candidate(string Reference, DemandStatus Status, ProcessType ProcessType, int Version, bool PreservationExtended,
        NonDisclosureOrder NonDisclosure, bool CustomerNotified, bool FollowUpRecorded, string? AssigneeId, bool CalledBack);

    private sealed record Step(int Worker, Random Random, Candidate Demand)
    {
        public DemoUser Pick(DemoUser[] users) => users[Random.Next(users.Length)];

        /// <summary>The reviewer the demand is assigned to (only the assignee may decide), or any reviewer when it has none.</summary>
        public DemoUser Decider() => Reviewers.FirstOrDefault(r => r.Id == Demand.AssigneeId) ?? Pick(Reviewers);
        public bool Chance(int percent) => Random.Next(100) < percent;
    }

    private static readonly DemandStatus[] Open = [DemandStatus.Received, DemandStatus.InReview, DemandStatus.AwaitingSignOff, DemandStatus.Preserved];

    /// <summary>An open demand at random; now and then, or when none is open, a disclosed one (its tracks, a download, a view).</summary>
    private async Task<Candidate?> PickAsync(Random random, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Demands.AsNoTracking()
            .Where(d => Open.Contains(d.Status) || d.Status == DemandStatus.Disclosed)
            .Select(d => new Candidate(d.Reference.Value, d.Status, d.ProcessType, d.Version, d.PreservationExtended, d.NonDisclosure,
                d.CustomerNotifiedOn != null, d.FollowUpProcessDate != null, d.AssignedReviewerId, d.CallBacks.Any()))
            .ToListAsync(cancellationToken);
        var open = candidates.Where(c => c.Status != DemandStatus.Disclosed).ToList();
        var pool = open.Count > 0 && random.Next(100) < 85 ? open : candidates;
        return pool.Count == 0 ? null : pool[random.Next(pool.Count)];
    }

    private Task ActAsync(Step step, CancellationToken cancellationToken) => step.Demand.Status switch
    {
        DemandStatus.Received => RunAsync(step, "StartReview", step.Pick(Reviewers),
            sp => sp.GetRequiredService<DemandService>().StartReviewAsync(step.Demand.Reference, step.Demand.Version, cancellationToken)),
        DemandStatus.InReview => DecideAsync(step, cancellationToken),
        DemandStatus.AwaitingSignOff => SignOrSendBackAsync(step, cancellationToken),
        DemandStatus.Preserved => !step.Demand.PreservationExtended && step.Chance(50)
            ? RunAsync(step, "ExtendPreservation", step.Decider(), sp => sp.GetRequiredService<DemandService>()
                .ExtendPreservationAsync(step.Demand.Reference, step.Demand.Version, "The agency asked for a further 90 days in writing.", cancellationToken))
            : RunAsync(step, "Release", step.Decider(), sp => sp.GetRequiredService<DemandService>()
                .ReleaseAsync(step.Demand.Reference, step.Demand.Version, "The agency confirmed the data need not be held any longer.", cancellationToken)),
        DemandStatus.Disclosed => AfterDisclosureAsync(step, cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>The tracks after a disclosure (follow-up process, customer notification), else a download or a view: audited reads.</summary>
    private Task AfterDisclosureAsync(Step step, CancellationToken cancellationToken)
    {
        var demand = step.Demand;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (demand.ProcessType == ProcessType.EmergencyRequest && !demand.FollowUpRecorded)
        {
            return RunAsync(step, "RecordFollowUp", step.Pick(Reviewers), sp => sp.GetRequiredService<DemandService>()
                .RecordFollowUpProcessAsync(demand.Reference, demand.Version, "Court order 26-CR-118, District Court, received after the emergency disclosure.",
                    today, cancellationToken));
        }
        if (!demand.CustomerNotified && !demand.NonDisclosure.IsInForce(today) && step.Chance(50))
        {
            return RunAsync(step, "RecordNotification", step.Pick(Reviewers), sp => sp.GetRequiredService<DemandService>()
                .RecordCustomerNotificationAsync(demand.Reference, demand.Version, today, NotificationChannel.Email, cancellationToken));
        }
        return step.Chance(50)
            ? RunAsync(step, "Download", Auditor, sp => sp.GetRequiredService<PackageService>().DownloadAsync(demand.Reference, cancellationToken))
            : RunAsync(step, "View", step.Pick(Reviewers), async sp => (await sp.GetRequiredService<DemandService>().OpenAsync(demand.Reference, cancellationToken)).Demand);
    }

    /// <summary>Approve, narrow or reject; an approval the domain refuses (too wide, expired order) falls back to narrowing, then rejection.</summary>
    private async Task DecideAsync(Step step, CancellationToken cancellationToken)
    {
        var reference = step.Demand.Reference;
        var version = step.Demand.Version;
        var reviewer = step.Decider();
        Task Reject() => RunAsync(step, "Reject", reviewer, sp => sp.GetRequiredService<DemandService>()
            .RejectAsync(reference, version, (RejectionReason)step.Random.Next(Enum.GetValues<RejectionReason>().Length),
                "The order does not support disclosure as it stands; see the case notes.", cancellationToken));

        if (step.Demand.ProcessType == ProcessType.PreservationRequest)
        {
            if (step.Chance(80))
            {
                await RunAsync(step, "Preserve", reviewer, sp => sp.GetRequiredService<DemandService>()
                    .PreserveAsync(reference, version, "Specific accounts, within the retention window.", cancellationToken));
            }
            else
            {
                await Reject();
            }
            return;
        }

        if (step.Demand.ProcessType == ProcessType.EmergencyRequest && !step.Demand.CalledBack)
        {
            // An emergency is approved only after a confirmed call-back to a number from the agency directory (issue 19).
            await RunAsync(step, "CallBack", reviewer, async sp =>
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var agency = await db.DirectoryAgencies.AsNoTracking().Where(a => a.Status == AgencyStatus.Verified)
                    .OrderBy(a => a.Name).FirstAsync(cancellationToken);
                var requesters = sp.GetRequiredService<RequesterVerification>();
                var demand = await sp.GetRequiredService<DemandService>().FindAsync(reference, cancellationToken) ?? throw new DemandNotFoundException(reference);
                var linked = demand.DirectoryAgencyId == agency.Id ? demand : await requesters.LinkAgencyAsync(reference, version, agency.Id, cancellationToken);
                return await requesters.RecordCallBackAsync(reference, linked.Version, agency.Contacts.First(c => c.Status != ContactStatus.Suspended).Id, CallBackOutcome.Confirmed,
                    sp.GetRequiredService<TimeProvider>().GetUtcNow(), "Confirmed by the agency's duty officer on the directory number.", cancellationToken);
            });
            return;
        }

        var roll = step.Random.Next(100);
        if (roll < 15)
        {
            await Reject();
            return;
        }
        if (roll < 55)
        {
            var (approved, _) = await RunAsync(step, "Approve", reviewer, sp => sp.GetRequiredService<DemandService>()
                .ApproveAsync(reference, version, "Valid legal process for everything it asks for.", cancellationToken));
            if (approved != Outcome.Refused) return;
        }
        var (narrowed, _) = await RunAsync(step, "ApprovePartially", reviewer, async sp =>
        {
            var demands = sp.GetRequiredService<DemandService>();
            var demand = await demands.FindAsync(reference, cancellationToken) ?? throw new DemandNotFoundException(reference);
            var requested = demand.RequestedScope;
            var identifiers = requested.Identifiers.Take(1 + step.Random.Next(Math.Max(1, requested.Identifiers.Count))).ToList();
            var categories = requested.Categories.Where(c => SufficiencyPolicy.Allows(demand.ProcessType, c)).ToList();
            return await demands.ApprovePartiallyAsync(reference, version, "Valid process; limited to what the order covers.",
                identifiers, categories, requested.DateRange, cancellationToken);
        });
        if (narrowed == Outcome.Refused) await Reject();
    }

    /// <summary>
    /// A legal lead opens the package (rendered and certified for them) and signs its hash, or sends it back. Now and then
    /// the other lead opened it first, so the signer's opening renders a second package.
    /// </summary>
    private async Task SignOrSendBackAsync(Step step, CancellationToken cancellationToken)
    {
        var reference = step.Demand.Reference;
        var lead = step.Pick(LegalLeads);
        var version = step.Demand.Version;
        if (step.Chance(25))
        {
            var other = LegalLeads.Single(l => l != lead);
            var (outcome, first) = await RunAsync(step, "OpenPackage", other, sp => sp.GetRequiredService<PackageService>()
                .PrepareForSignOffAsync(reference, version, cancellationToken: cancellationToken));
            if (outcome != Outcome.Done) return;
            version = first!.DemandVersion;
        }

        var (opened, package) = await RunAsync(step, "OpenPackage", lead, sp => sp.GetRequiredService<PackageService>()
            .PrepareForSignOffAsync(reference, version, cancellationToken: cancellationToken));
        if (opened != Outcome.Done) return;

        if (step.Chance(20))
        {
            await RunAsync(step, "SendBack", lead, sp => sp.GetRequiredService<DemandService>()
                .SendBackAsync(reference, package!.DemandVersion, "Narrow the date range to the period named in the order.", cancellationToken));
        }
        else
        {
            await RunAsync(step, "SignOff", lead, sp => sp.GetRequiredService<DemandService>()
                .SignOffAsync(reference, package!.DemandVersion, package.Sha256, cancellationToken));
        }
    }

    private enum Outcome
    {
        Done,
        Conflict,
        Refused,
        Failed,
    }

    /// <summary>One operation in its own scope, as <paramref name="user"/>; its begin and end lines bracket the service call.</summary>
    private async Task<(Outcome Outcome, T? Value)> RunAsync<T>(Step step, string operation, DemoUser user, Func<IServiceProvider, Task<T>> work)
        where T : class
    {
        var reference = step.Demand.Reference;
        await using var scope = scopes.CreateAsyncScope();
        // What a circuit does with the signed-in user: the services' ICurrentUser reads it from here and checks the roles.
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(DemoUsers.CreatePrincipal(user))));

        Out.WriteLine($"{CrashWorkloadProtocol.Prefix} {CrashWorkloadProtocol.Begin} {step.Worker} {operation} {reference}");
        var watch = Stopwatch.StartNew();
        (Outcome, T?) result;
        try
        {
            result = (Outcome.Done, await work(scope.ServiceProvider));
        }
        catch (DemandConflictException)
        {
            result = (Outcome.Conflict, default);
        }
        catch (DbUpdateConcurrencyException)
        {
            result = (Outcome.Conflict, default);
        }
        catch (DomainException)
        {
            result = (Outcome.Refused, default);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailure(logger, e, operation, reference);
            Out.WriteLine($"{CrashWorkloadProtocol.Prefix} {CrashWorkloadProtocol.Error} {step.Worker} {operation} {reference} {e.GetType().Name}: {OneLine(e.Message)}");
            result = (Outcome.Failed, default);
        }
        Out.WriteLine($"{CrashWorkloadProtocol.Prefix} {CrashWorkloadProtocol.End} {step.Worker} {operation} {reference} {Word(result.Item1)} {watch.ElapsedMilliseconds}ms");
        return result;
    }

    private static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Done => CrashWorkloadProtocol.Done,
        Outcome.Conflict => CrashWorkloadProtocol.Conflict,
        Outcome.Refused => CrashWorkloadProtocol.Refused,
        _ => CrashWorkloadProtocol.Failed,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    [LoggerMessage(Level = LogLevel.Error, Message = "Crash workload: {Operation} on {Reference} failed unexpectedly")]
    private static partial void LogFailure(ILogger logger, Exception exception, string operation, string reference);
}
