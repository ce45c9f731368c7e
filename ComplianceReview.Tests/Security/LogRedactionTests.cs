using System.Net;
using System.Text;
using System.Text.Json;
using ComplianceReview.App.CustomerData;
using ComplianceReview.App.Diagnostics;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Components;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ComplianceReview.Tests.Security;

/// <summary>The seeded app with every log message of every category kept, at Trace.</summary>
public sealed class LoggingAppFactory : ComplianceAppFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override bool SeedDemoData => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Trace);
            // Provider rules beat appsettings' category rules (which hold EF's SQL log at Warning): this sink sees everything.
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        });
    }
}

/// <summary>
/// Logs never hold customer data. A customer with unmistakable values is planted, and a demand for them goes the whole
/// way (register over the API, review, approve, view, open the package, sign off, download package and order, export
/// the audit log and the case record) while every category logs at Trace, EF Core's SQL included. None of the values may
/// appear in any message, structured value or exception.
/// </summary>
public sealed class LogRedactionTests(LoggingAppFactory app) : IClassFixture<LoggingAppFactory>
{
    private const string Reason = "The order is valid and names the accounts specifically.";

    private static readonly Customer Planted = new()
    {
        AccountId = "acct-77123",
        Email = "quillon.vantablack.canary@plantedmail.example",
        PhoneNumber = "+15550147733",
        Name = "Quillon Vantablack-Canary",
        State = "Vermont",
        Country = "US",
        ZipCode = "05401",
        CreatedAt = ComplianceAppFactory.DefaultNow.AddYears(-3),
        RegistrationIp = "198.51.100.173",
        PaymentInstrument = "VISA **** 9931",
        BillingAddress = "77 Canary Wharf Lane, Burlington",
        SignIns = [new SignInRecord { SignedInAt = ComplianceAppFactory.DefaultNow.AddDays(-10), IpAddress = "203.0.113.219" }],
        Emails =
        [
            new EmailMessage
            {
                SentAt = ComplianceAppFactory.DefaultNow.AddDays(-5),
                From = "quillon.vantablack.canary@plantedmail.example",
                To = "marisol.penhaligon@elsewhere.example",
                Subject = "Zanzibar ledger reconciliation 4417",
                Body = "Hi Marisol, the heliotrope shipment lands Thursday. Regards, Quillon",
            },
        ],
    };

    private static IEnumerable<string> PlantedValues =>
    [
        Planted.AccountId, Planted.Email, Planted.PhoneNumber!, Planted.Name, Planted.RegistrationIp, Planted.BillingAddress,
        .. Planted.SignIns.Select(s => s.IpAddress),
        .. Planted.Emails.SelectMany(e => new[] { e.To, e.Subject, e.Body }),
    ];

    [Fact]
    public async Task TheWholeFlowLogsNoCustomerData()
    {
        await PlantAsync();
        var reference = await RunTheFlowAsync();

        await using (var db = app.CreateDbContext())
        {
            var snapshot = await db.Snapshots.AsNoTracking().Join(db.Demands.Where(d => d.Reference == DemandReference.Parse(reference)),
                s => s.DemandId, d => d.Id, (s, _) => s.Json).SingleAsync();
            Assert.Contains(Planted.Name, snapshot, StringComparison.Ordinal); // the flow did touch the planted customer
            Assert.Contains(JsonEncodedText.Encode(Planted.Emails[0].Body).Value, snapshot, StringComparison.Ordinal);
        }
        var logs = app.Logs.Entries.ToList();
        Assert.Contains(logs, l => l.Category == "Microsoft.EntityFrameworkCore.Database.Command" && l.Level <= LogLevel.Information);
        Assert.Contains(logs, l => l.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));

        var leaks = (from log in logs
                     from value in PlantedValues
                     where Forms(value).Any(form => log.AllText.Contains(form, StringComparison.OrdinalIgnoreCase))
                     select $"{log.Category} ({log.Level}) holds \"{value}\": {log.Message}").ToList();
        Assert.Empty(leaks);
    }

    [Fact]
    public void SensitiveDataLoggingIsOff()
    {
        using var db = app.CreateDbContext();

        var core = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>();

        Assert.False(core?.IsSensitiveDataLoggingEnabled ?? false);
        Assert.False(core?.DetailedErrorsEnabled ?? false);
    }

    /// <summary>
    /// The queue's search is often a customer's identifier. Typed into the search box it goes into no address; an
    /// address typed with it in its query string is read for its filters only, and the request log, which hosting writes before any
    /// middleware runs, carries a redacted query string. The factory's capture takes every category at Trace through a
    /// provider-specific rule, the kind of configuration a level rule in the app would lose to.
    /// </summary>
    [Fact]
    public async Task SearchingTheQueueForAnAccountLogsNoCustomerData()
    {
        await PlantAsync();
        var registered = await app.ServiceAs<DemandService>(TestUser.Reviewer1)
            .RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), Planted.Email), null);
        var reference = registered.Reference!.Value;
        var reviewer = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);

        // A typed address with the identifier in its query: the page reads its filters only; the request log is redacted.
        using var typed = await reviewer.GetAsync($"/demands?status=Received&q={Uri.EscapeDataString(Planted.Email)}");
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);

        await using (var page = new QueuePage(app))
        {
            page.Open("/demands?status=Received");
            page.Search(Planted.Email);
            page.WaitFor(() => Assert.Equal([reference], page.References()));
            Assert.DoesNotContain(page.Addresses, a => Forms(Planted.Email).Any(f => a.Contains(f, StringComparison.OrdinalIgnoreCase)));
        }

        var logs = app.Logs.Entries.ToList();
        var leaks = logs.Where(l => Forms(Planted.Email).Any(f => l.AllText.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .Select(l => $"{l.Category} ({l.Level}): {l.Message}").ToList();
        Assert.True(leaks.Count == 0, "The searched account is in the logs:\n" + string.Join('\n', leaks));
        // The capture does see the request log, and this request in it: unredacted, the address would be there.
        Assert.Contains(logs, l => l.Category == RequestLogRedaction.HostingCategory
            && l.Message.StartsWith("Request starting", StringComparison.Ordinal)
            && l.Message.Contains("/demands" + RequestLogRedaction.RedactedQuery, StringComparison.Ordinal));
    }

    /// <summary>The value as written, URL-encoded and JSON-escaped: each is how a log could carry it.</summary>
    private static IEnumerable<string> Forms(string value) =>
        new[] { value, Uri.EscapeDataString(value), JsonEncodedText.Encode(value).Value }.Distinct(StringComparer.Ordinal);

    private async Task PlantAsync()
    {
        await using var db = app.CreateDbContext();
        if (await db.Customers.AnyAsync(c => c.AccountId == Planted.AccountId)) return;
        db.Customers.Add(Planted);
        await db.SaveChangesAsync();
    }

    private async Task<string> RunTheFlowAsync()
    {
        var now = app.Time.GetUtcNow();
        var reviewer = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var lead = await TestSignIn.SignInAsync(app, DemoUsers.LegalLead1);
        var auditor = await TestSignIn.SignInAsync(app, DemoUsers.Auditor1);

        var request = new
        {
            agencyName = "Federal Bureau of Investigation", agencyCountry = "US", processType = "CourtOrder",
            issuingAuthority = "U.S. District Court for the District of Vermont", caseNumber = "US-LOG-" + Guid.NewGuid().ToString("N")[..6],
            issuedOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2), dueAt = now.AddDays(14),
            targets = new[] { Planted.Email, Planted.AccountId },
            categories = new[] { "SubscriberIdentity", "RegistrationRecord", "ConnectionHistory", "BillingInformation", "EmailContent" },
            coveredFrom = now.AddDays(-60), coveredTo = now.AddDays(-1),
            orderDocumentBase64 = Convert.ToBase64String(SecurityAppFactory.SmallPdf), orderDocumentFileName = "order.pdf",
        };
        var registered = await reviewer.PostAsync("/api/demands",
            new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var reference = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;

        var demands = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var started = await demands.StartReviewAsync(reference, 0);
        await demands.ApproveAsync(reference, started.Version, Reason);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/demands/{reference}")).StatusCode);

        var (opened, _) = await app.ServiceAs<DemandService>(TestUser.LegalLead1).OpenAsync(reference);
        var prepared = await app.ServiceAs<PackageService>(TestUser.LegalLead1).PrepareForSignOffAsync(reference, opened.Version);
        await app.ServiceAs<DemandService>(TestUser.LegalLead1).SignOffAsync(reference, prepared.DemandVersion, prepared.Sha256);

        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/demands/{reference}/package.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/demands/{reference}/order.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/audit/export.csv?from=2026-01-01&to=2026-12-31")).StatusCode);
        await app.ServiceAs<AuditExportService>(TestUser.Auditor).ExportCaseRecordAsync(reference);
        return reference;
    }
}
