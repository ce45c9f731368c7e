using System.Diagnostics;
using System.Globalization;
using ComplianceReview.App.CustomerData;
using ComplianceReview.App.CustomerData.MailStore;
using ComplianceReview.App.Data;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Productions;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.MailStore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MimeKit;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// The mail-store production at scale, as a measured harness (one run takes minutes, too long for BenchmarkDotNet's job):
/// a real Dovecot on loopback, <c>messages</c> generated into one mailbox over a year (plus canaries outside the year and
/// in another mailbox), a one-year warrant extracted through <see cref="MailStoreCustomerDataSource"/> into a streamed
/// snapshot, then the production built (CSV, records manifest, PDF volumes, archive). Reports the extraction rate, the
/// pages per second of the PDF, peak managed heap and peak RSS above the idle process (after a warm-up production), and
/// whether a second run gives the same archive hash. <c>dotnet run -c Release --project ComplianceReview.Benchmarks -- mail-production 100000</c>.
/// </summary>
public static class MailProductionProbe
{
    private const string Alice = "alice@contoso.com";
    private const string Bob = "bob@contoso.com";
    private const int PagesPerVolume = 500;
    private static readonly DateRange Year = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero));
    private static readonly DateTimeOffset ApprovedAt = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(int messages, TextWriter output)
    {
        var work = Directory.CreateTempSubdirectory("cr-mail-bench-").FullName;
        try
        {
            output.WriteLine($"Load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
            await using var server = await DovecotServer.StartAsync();
            foreach (var mailbox in new[] { Alice, Bob, "warmup@contoso.com" }) await server.AddMailboxAsync(mailbox);

            var generation = Stopwatch.StartNew();
            await GenerateAsync(server, Alice, messages);
            await GenerateAsync(server, "warmup@contoso.com", 200);
            await server.AppendAsync(Bob, "INBOX", Enumerable.Range(0, 100).Select(i => Message(i, Year.From.AddDays(i), "canary-bob")));
            await server.AppendAsync(Alice, "INBOX", [Message(0, Year.From.AddSeconds(-1), "canary-before"), Message(1, Year.EndExclusive, "canary-after")]);
            output.WriteLine($"Generated {messages:N0} messages into Dovecot in {generation.Elapsed.TotalSeconds:F1} s ({messages / generation.Elapsed.TotalSeconds:N0} messages/s, MULTIAPPEND)");

            var database = Path.Combine(work, "directory.db");
            var factory = await DirectoryAsync(database);
            var source = new MailStoreCustomerDataSource(new EfCustomerDataSource(factory),
                new ImapMailStore(Microsoft.Extensions.Options.Options.Create(server.Options)));

            // Warm-up: every code path (IMAP, MIME, fonts, PDF, ZIP) loaded and jitted before the idle figure is taken.
            await ProduceAsync(source, "warmup@contoso.com", Path.Combine(work, "warmup"));
            Directory.Delete(Path.Combine(work, "warmup"), recursive: true);

            var results = new List<(Run Run, string Hash)>();
            for (var run = 1; run <= 2; run++)
            {
                var measured = await MeasureAsync(source, Path.Combine(work, $"run{run}"));
                results.Add((measured, measured.Production.ArchiveSha256));
                Report(output, run, measured, messages);
                Directory.Delete(Path.Combine(work, $"run{run}"), recursive: true);
            }
            output.WriteLine(results[0].Hash == results[1].Hash
                ? $"Determinism: both runs gave archive {results[0].Hash}"
                : $"Determinism FAILED: {results[0].Hash} vs {results[1].Hash}");
            output.WriteLine($"Load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
            SqliteConnection.ClearAllPools();
            return results[0].Hash == results[1].Hash ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Run(Production Production, TimeSpan Extraction, long IdleRss, long PeakRss, long IdleManaged, long PeakManaged);

    private static async Task<Run> MeasureAsync(ICustomerDataSource source, string folder)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var idleRss = Rss("VmRSS:");
        var idleManaged = GC.GetTotalMemory(false);
        // Resets VmHWM to the current RSS, so the peak read afterwards is this run's.
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        using var sampler = new ManagedPeakSampler();

        var scope = Scope(Alice);
        var request = Request(scope);
        var clock = Stopwatch.StartNew();
        StreamedSnapshot snapshot;
        await using (var writer = new StreamedSnapshotWriter(folder))
        {
            await source.ExtractToAsync(request.Reference, scope, ApprovedAt, writer);
            snapshot = writer.Result;
        }
        var extraction = clock.Elapsed;
        var production = await ProductionArchive.BuildAsync(snapshot, request, PagesPerVolume);
        return new Run(production, extraction, idleRss, Rss("VmHWM:"), idleManaged, sampler.Stop());
    }

    private static void Report(TextWriter output, int run, Run r, int messages)
    {
        var p = r.Production;
        const double MB = 1024 * 1024;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Run {run}: {p.Records:N0} messages extracted (of {messages:N0} generated in the year; canaries excluded) in {r.Extraction.TotalSeconds:F1} s = {p.Records / r.Extraction.TotalSeconds:N0} messages/s
              records (CSV + manifest of {p.Natives:N0} originals): {p.Timings.Records.TotalSeconds:F1} s
              PDF: {p.Pdf.Pages:N0} pages in {p.Pdf.Volumes.Count} volumes in {p.Timings.Pdf.TotalSeconds:F1} s = {p.Pdf.Pages / p.Timings.Pdf.TotalSeconds:N0} pages/s ({p.Pdf.BatesFirst}..{p.Pdf.BatesLast})
              archive (manifest + ZIP + hash): {p.Timings.Archive.TotalSeconds:F1} s, {new FileInfo(p.ArchivePath).Length / MB:N0} MB, SHA-256 {p.ArchiveSha256}
              whole production: {(r.Extraction + p.Timings.Records + p.Timings.Pdf + p.Timings.Archive).TotalSeconds:F1} s = {p.Pdf.Pages / (r.Extraction + p.Timings.Records + p.Timings.Pdf + p.Timings.Archive).TotalSeconds:N0} pages/s end to end
              memory: idle RSS {r.IdleRss / MB:N0} MB, peak RSS {r.PeakRss / MB:N0} MB = {(r.PeakRss - r.IdleRss) / MB:N0} MB above idle; managed heap idle {r.IdleManaged / MB:N0} MB, peak {r.PeakManaged / MB:N0} MB
            """));
    }

    private static async Task ProduceAsync(ICustomerDataSource source, string mailbox, string folder)
    {
        var scope = Scope(mailbox);
        await ProductionArchive.ProduceAsync(source, scope, ApprovedAt, Request(scope), folder, PagesPerVolume);
    }

    private static async Task GenerateAsync(DovecotServer server, string mailbox, int count)
    {
        const int Batch = 1000;
        var step = (Year.To - Year.From).TotalSeconds / count;
        for (var start = 0; start < count; start += Batch)
        {
            var end = Math.Min(count, start + Batch);
            await server.AppendAsync(mailbox, "INBOX", Enumerable.Range(start, end - start).Select(i => Message(i, Year.From.AddSeconds((long)(i * step)), "message")));
        }
    }

    /// <summary>A realistic small message: a few headers, a body of about 600 characters. Deterministic per number.</summary>
    private static MimeMessage Message(int n, DateTimeOffset date, string kind)
    {
        var words = new[] { "quarterly", "figures", "meeting", "invoice", "shipment", "contract", "review", "draft", "schedule", "budget" };
        var body = string.Join(' ', Enumerable.Range(0, 90).Select(i => words[(n * 7 + i * 3) % words.Length]));
        return new MimeMessage([MailboxAddress.Parse($"sender{n % 50}@fabrikam.example")], [MailboxAddress.Parse(Alice)],
            $"{kind} {n:D6}: {words[n % words.Length]} update", new TextPart("plain") { Text = body })
        {
            Date = date,
            MessageId = $"{kind}-{n}@bench.example",
        };
    }

    private static DisclosureScope Scope(string mailbox)
    {
        var identifier = AccountIdentifier.Parse(mailbox);
        return DisclosureScope.Approve(DisclosureScope.Requested([identifier], [DataCategory.EmailContent], Year), ProcessType.SearchWarrant,
            [identifier], [DataCategory.EmailContent], Year);
    }

    private static DisclosurePackageRequest Request(DisclosureScope scope) => new("LD-2026-000100", "Metropolitan Police", "GB", ProcessType.SearchWarrant,
        "CASE-100K", "Crown Court", ApprovedScopeWording.Describe(scope), "CR", "Lena Lead", ApprovedAt);

    private static async Task<IDbContextFactory<ComplianceDbContext>> DirectoryAsync(string path)
    {
        var pool = new PooledDbContextFactory<SqliteComplianceDbContext>(new DbContextOptionsBuilder<SqliteComplianceDbContext>()
            .UseSqlite(DataExtensions.SqliteConnectionString(path)).Options);
        await using (var db = pool.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            db.Customers.AddRange(new[] { Alice, Bob, "warmup@contoso.com" }.Select((a, i) => new Customer
            {
                AccountId = $"acct-{i}", Email = a, Name = "Holder of " + a, State = "California", Country = "US", ZipCode = "94105",
                CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), RegistrationIp = "203.0.113.7",
                PaymentInstrument = "Visa •••• 4242", BillingAddress = "1 Market Street",
            }));
            await db.SaveChangesAsync();
        }
        return new Factory(pool);
    }

    private sealed class Factory(PooledDbContextFactory<SqliteComplianceDbContext> pool) : IDbContextFactory<ComplianceDbContext>
    {
        public ComplianceDbContext CreateDbContext() => pool.CreateDbContext();
    }

    private static long Rss(string field)
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Samples the managed heap every 20 ms on its own thread and keeps the largest value seen.</summary>
    private sealed class ManagedPeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public ManagedPeakSampler()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    _peak = Math.Max(_peak, GC.GetTotalMemory(false));
                    Thread.Sleep(20);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return _peak;
        }

        public void Dispose()
        {
            if (!_stop) Stop();
        }
    }
}
