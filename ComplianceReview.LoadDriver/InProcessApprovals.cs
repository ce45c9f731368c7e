using System.Diagnostics;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplianceReview.LoadDriver;

/// <summary>
/// Approve latency through the app's own services (<see cref="DemandService.ApproveAsync"/>: load, domain transition,
/// customer-data snapshot, audit entry, one synchronous=FULL commit), run in this process against the database file
/// of the server that holds the open circuits. Not through the circuit: dispatching the decision panel's click by
/// render-tree event id is not done yet, so this measures the service and database under the circuits' load, not
/// the UI round trip.
/// </summary>
internal static class InProcessApprovals
{
    private static readonly UserRef Reviewer = new(DemoUsers.Reviewer2, "Sam Reviewer");

    public static async Task<IReadOnlyList<double>> RunAsync(string databasePath, int count, int concurrency, TextWriter log)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "LoadDriver" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:SqlitePath"] = databasePath,
            ["Demo:Seed"] = "false",
        });
        builder.AddComplianceData();
        builder.AddComplianceServices();
        builder.Services.AddScoped<ICurrentUser>(_ => new FixedUser(Reviewer, Roles.Reviewer));
        await using var provider = builder.Services.BuildServiceProvider();

        // Demands to approve: registered and put in review first, outside the timing.
        var ready = new List<(string Reference, int Version)>();
        string customer;
        await using (var scope = provider.CreateAsyncScope())
        {
            var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ComplianceDbContext>>();
            await using (var db = await contexts.CreateDbContextAsync())
            {
                customer = await db.Customers.Select(c => c.Email).FirstAsync();
            }
            var demands = scope.ServiceProvider.GetRequiredService<DemandService>();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var registered = await demands.RegisterAsync(new DemandRegistration
                {
                    AgencyName = "Load Driver Police",
                    AgencyCountry = "GB",
                    ProcessType = ProcessType.Subpoena,
                    IssuingAuthority = "Load Driver Court",
                    CaseNumber = $"LOAD-{now:yyyyMMddHHmmss}-{i}",
                    IssuedOn = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-1)),
                    ReceivedAt = now,
                    DueAt = now.AddDays(14),
                    Targets = [customer],
                    Categories = [DataCategory.SubscriberIdentity],
                    CoveredFrom = now.AddDays(-90),
                    CoveredTo = now.AddDays(-1),
                }, null);
                if (!registered.Succeeded)
                    throw new InvalidOperationException("Registration refused: " + string.Join("; ", registered.Problems.Select(p => p.Message)));
                var reference = registered.Reference!.Value;
                var version = (await demands.FindAsync(reference))!.Version;
                var inReview = await demands.StartReviewAsync(reference, version);
                ready.Add((inReview.Reference.Value, inReview.Version));
            }
        }
        log.WriteLine($"Prepared {ready.Count} demands in review");

        var latencies = new List<double>();
        var queue = new Queue<(string Reference, int Version)>(ready);
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), async (_, cancellationToken) =>
        {
            await using var scope = provider.CreateAsyncScope();
            var demands = scope.ServiceProvider.GetRequiredService<DemandService>();
            while (true)
            {
                (string Reference, int Version) next;
                lock (queue)
                {
                    if (!queue.TryDequeue(out next)) return;
                }
                var watch = Stopwatch.StartNew();
                await demands.ApproveAsync(next.Reference, next.Version, "Valid subpoena for subscriber identity.", cancellationToken);
                lock (latencies) latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        });
        latencies.Sort();
        return latencies;
    }

    private sealed class FixedUser(UserRef user, string role) : ICurrentUser
    {
        public bool IsAuthenticated => true;
        public UserRef User => user;
        public bool IsInRole(string name) => string.Equals(name, role, StringComparison.Ordinal);
    }
}
