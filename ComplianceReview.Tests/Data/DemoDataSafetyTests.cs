using ComplianceReview.App.Data;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Reports;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceReview.Tests.Data;

/// <summary>Demo data stays out of production: seeding is on in Development only, refused in Production, never reported.</summary>
public sealed class DemoSeedingSettingsTests
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Staging", false)]
    [InlineData("Production", false)]
    public void TheShippedSettingsSeedOnlyInDevelopment(string environment, bool seeds)
    {
        // The app's appsettings.json and appsettings.{environment}.json, as the host loads them (copied beside the tests).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));

        var options = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();

        Assert.Equal(seeds, options.Seed);
    }

    [Fact]
    public void SeedingIsOffWhenNothingIsConfigured() => Assert.False(new DemoOptions().Seed);

    [Fact]
    public async Task ProductionRefusesDemoSeedingBeforeTheDatabaseIsTouched()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cr-tests", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "App_Data", "compliance.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = database,
            ["Demo:Seed"] = "true",
        });
        builder.Services.AddLogging();
        builder.AddComplianceData();
        await using var services = builder.Services.BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<DatabaseInitialiser>().InitialiseAsync());

        Assert.Equal(DemoOptions.ProductionSeedRefused, refused.Message);
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "nothing may be created, not even the database's folder");
        Assert.True(services.GetRequiredService<IOptions<DemoOptions>>().Value.Seed);
    }
}

/// <summary>The app in the Staging environment with its shipped settings: it starts on an empty database and seeds nothing.</summary>
public sealed class StagingStartsEmptyTests(StagingStartsEmptyTests.StagingAppFactory app) : IClassFixture<StagingStartsEmptyTests.StagingAppFactory>
{
    public sealed class StagingAppFactory : ComplianceAppFactory
    {
        protected override string EnvironmentName => "Staging";

        protected override void Configure(IDictionary<string, string?> settings)
        {
            settings.Remove("Demo:Seed"); // whatever appsettings.json says
            settings["Identity:DevelopmentSignIn"] = "true"; // a sign-in Staging accepts, so the host starts at all
            foreach (var (key, value) in TestAuditKeys.Settings()) settings[key] = value; // Staging has no shipped audit key
        }
    }

    [Fact]
    public async Task NoDemoCustomerOrDemandIsSeeded()
    {
        await using var db = app.CreateDbContext();

        Assert.Equal((0, 0), (await db.Customers.CountAsync(), await db.Demands.CountAsync()));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync()); // it did start: the database was migrated
    }
}

/// <summary>
/// Every seeded demand is marked as demo data, nothing else is, and the transparency report counts none of them: a period
/// full of demo demands reports zero until a real demand arrives, which is then counted alone.
/// </summary>
public sealed class DemoDemandsAreNeverReportedTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    [Fact]
    public async Task TheReportCountsOnlyTheDemandsThatAreNotDemoData()
    {
        var reports = app.ServiceAs<TransparencyReportService>(TestUser.Auditor);
        var now = app.Time.GetUtcNow();
        List<ReportPeriod> seededPeriods;
        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(DemoDataSeeder.DemandCount, await db.Demands.CountAsync(d => EF.Property<bool>(d, DemoDataSeeder.IsDemoProperty)));
            seededPeriods = (await db.Demands.Select(d => d.ReceivedAt).ToListAsync()).Select(ReportPeriod.Of).Distinct().ToList();
        }
        Assert.Contains(ReportPeriod.Of(now), seededPeriods);

        foreach (var period in seededPeriods)
        {
            var report = await reports.BuildAsync(period);
            Assert.Equal((0, 0, 0), (report.Requests.Total.Requests, report.Emergencies.Total.Requests, report.Preservations.Total.Requests));
            Assert.All(report.Cells(), cell => Assert.True(cell.Value is "0" or "-", $"{cell.Key} = {cell.Value}"));
        }

        var registered = await app.Demands(TestUser.Reviewer1).RegisterAsync(Registrations.CourtOrder(now, "someone@contoso.com"), null);

        await using (var db = app.CreateDbContext())
        {
            var demand = await db.Demands.SingleAsync(d => d.Reference == registered.Reference!);
            Assert.False(db.Entry(demand).Property<bool>(DemoDataSeeder.IsDemoProperty).CurrentValue);
        }
        var after = await reports.BuildAsync(ReportPeriod.Of(now));
        Assert.Equal((1, 1, 0), (after.Requests.Total.Requests, after.Requests.Total.Open, after.Emergencies.Total.Requests));
    }
}
