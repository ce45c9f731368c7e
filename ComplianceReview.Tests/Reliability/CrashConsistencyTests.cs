using System.Diagnostics;
using ComplianceReview.App.Data;
using ComplianceReview.CrashHarness;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Reliability;

/// <summary>
/// The crash-consistency harness (ComplianceReview.CrashHarness, docs/reliability.md) in small: the real app as a child
/// process, its in-process workload and the HTTP intake, SIGKILL at seeded random moments, the invariants checked after
/// every restart. The full run is 100 kills from the command line.
/// </summary>
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillingTheAppMidWorkBreaksNoInvariant()
    {
        var log = new StringWriter();
        var clock = Stopwatch.StartNew();

        var report = await CrashHarnessRunner.RunAsync(new HarnessOptions { Kills = 8, Seed = 2026, MaxKillDelay = TimeSpan.FromMilliseconds(1500) }, log);

        output.WriteLine(log.ToString());
        output.WriteLine(report.Describe());
        output.WriteLine($"Test took {clock.Elapsed.TotalSeconds:F0} s");
        Assert.Empty(report.Violations);
        Assert.Empty(report.WorkloadErrors);
        Assert.Equal(8, report.Kills.Count);
        Assert.Equal(report.Kills.Count(k => !k.DuringStartupRound) + 1, report.Checks);
        // The workload really worked between the first check and the last kill, and the intake was acknowledged.
        Assert.True(report.Final.Decisions > report.Initial.Decisions, $"decisions {report.Initial.Decisions} -> {report.Final.Decisions}");
        Assert.True(report.Final.SignOffs > report.Initial.SignOffs, $"sign-offs {report.Initial.SignOffs} -> {report.Final.SignOffs}");
        Assert.True(report.IntakeAcknowledged > 0, "no intake request was acknowledged");
        // Most kills cut work in flight; a harness that only ever killed an idle app would prove nothing.
        var working = report.Kills.Where(k => !k.DuringStartupRound).ToList();
        Assert.True(working.Count(k => k.OperationsInFlight.Count > 0) * 2 >= working.Count,
            $"only {working.Count(k => k.OperationsInFlight.Count > 0)} of {working.Count} kills cut a workload operation");
    }
}

/// <summary>The checks themselves find what a crash could leave behind: each broken invariant is named.</summary>
public sealed class CrashInvariantCheckerTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private AuditKeyRing Keys => app.Services.GetRequiredService<AuditKeyRing>();

    [Fact]
    public async Task TheSeededDatabaseKeepsEveryInvariant()
    {
        var result = await InvariantChecker.CheckAsync(app.DatabasePath, [], Keys, CancellationToken.None);

        Assert.Empty(result.Violations);
        Assert.True(result.Decisions > 0 && result.SignOffs > 0 && result.Packages > 0 && result.AuditEntries > 0);
    }

    [Fact]
    public async Task AnAcknowledgedIntakeThatIsNotStoredIsAViolation()
    {
        var lost = new IntakeAttempt("CRASH-LOST-1", "Bundeskriminalamt", 1, null) { AcknowledgedReference = "LD-2026-999999", Finished = true };
        var cut = new IntakeAttempt("CRASH-CUT-1", "Bundeskriminalamt", 1, null);

        var result = await InvariantChecker.CheckAsync(app.DatabasePath, [lost, cut], Keys, CancellationToken.None);

        Assert.Contains(result.Violations, v => v.Contains("CRASH-LOST-1", StringComparison.Ordinal) && v.Contains("not stored", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Violations, v => v.Contains("CRASH-CUT-1", StringComparison.Ordinal)); // unacknowledged: may be absent
    }

    [Fact]
    public async Task EachKindOfHalfWrittenStateIsFound()
    {
        // A copy of the seeded database, tampered with the way a write outside one transaction could leave it.
        var copy = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "tampered.db");
        await using (var source = new SqliteConnection(DataExtensions.SqliteConnectionString(app.DatabasePath)))
        {
            await source.OpenAsync();
            await using var vacuum = source.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{copy}'";
            await vacuum.ExecuteNonQueryAsync();
        }
        string awaiting, received, disclosed;
        await using (var db = app.CreateDbContext())
        {
            awaiting = await Reference(db, DemandStatus.AwaitingSignOff);
            received = await Reference(db, DemandStatus.Received);
            disclosed = await Reference(db, DemandStatus.Disclosed);
        }
        await using (var connection = new SqliteConnection(DataExtensions.SqliteConnectionString(copy)))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = $"""
                UPDATE Demands SET Status = 'Disclosed', ClosedAt = ReceivedAt WHERE Reference = '{awaiting}';
                UPDATE Demands SET Version = Version + 1 WHERE Reference = '{received}';
                UPDATE DisclosurePackages SET Content = x'00' WHERE DemandId = (SELECT Id FROM Demands WHERE Reference = '{disclosed}');
                DROP TRIGGER AuditEntries_NoUpdate;
                UPDATE AuditEntries SET ActorName = 'Someone Else' WHERE Sequence = 5;
                """;
            await tamper.ExecuteNonQueryAsync();
        }

        var result = await InvariantChecker.CheckAsync(copy, [], Keys, CancellationToken.None);

        Assert.Contains(result.Violations, v => v.StartsWith($"{awaiting} (Disclosed): disclosed without a sign-off", StringComparison.Ordinal));
        Assert.Contains(result.Violations, v => v.StartsWith($"{received} (Received): version 1, but 0 audited transitions", StringComparison.Ordinal));
        Assert.Contains(result.Violations, v => v.Contains("do not hash to the recorded", StringComparison.Ordinal));
        Assert.Contains(result.Violations, v => v.StartsWith("Audit chain: Entry 5 was altered", StringComparison.Ordinal));
        SqliteConnection.ClearAllPools();
        File.Delete(copy);
    }

    private static async Task<string> Reference(ComplianceDbContext db, DemandStatus status) =>
        (await db.Demands.AsNoTracking().Where(d => d.Status == status).OrderBy(d => d.Reference).Select(d => d.Reference).FirstAsync()).Value;
}
