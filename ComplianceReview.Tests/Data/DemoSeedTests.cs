using ComplianceReview.App.Data;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Data;

public sealed class DemoSeedTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    [Fact]
    public async Task SeedsAboutFortyCustomersWithEveryKindOfRecord()
    {
        await using var db = app.CreateDbContext();
        Assert.Equal(DemoDataSeeder.CustomerCount, await db.Customers.CountAsync());
        var customers = await db.Customers.Include(c => c.SignIns).Include(c => c.Emails).Include(c => c.Files).AsSplitQuery().ToListAsync();
        Assert.All(customers, c =>
        {
            Assert.NotEmpty(c.SignIns);
            Assert.NotEmpty(c.Emails);
            Assert.NotEmpty(c.Files);
            Assert.False(string.IsNullOrEmpty(c.BillingAddress));
        });
    }

    [Fact]
    public async Task SeedsDemandsAcrossStatesCountriesAndProcessTypes()
    {
        await using var db = app.CreateDbContext();
        var demands = await db.Demands.AsNoTracking().ToListAsync();

        Assert.Equal(DemoDataSeeder.DemandCount, demands.Count);
        foreach (var status in Enum.GetValues<DemandStatus>())
            Assert.Contains(demands, d => d.Status == status);
        foreach (var type in Enum.GetValues<ProcessType>())
            Assert.Contains(demands, d => d.ProcessType == type);
        Assert.True(demands.Select(d => d.Agency.CountryCode).Distinct().Count() >= 5);
        Assert.True(demands.Select(d => d.Agency.Name).Distinct().Count() >= 5);
    }

    [Fact]
    public async Task SeedsTheInvalidDemandsAReviewerMustCatch()
    {
        await using var db = app.CreateDbContext();
        var demands = await db.Demands.AsNoTracking().ToListAsync();
        var now = app.Time.GetUtcNow();

        Assert.Contains(demands, d => d.ProcessType == ProcessType.Subpoena && d.RequestedCategories.Any(c => c.Kind() == DataKind.Content));
        Assert.Contains(demands, d => d.Targets.Any(t => t.Raw.Contains('*', StringComparison.Ordinal)));
        var known = await db.Customers.Select(c => c.Email).ToListAsync();
        Assert.Contains(demands, d => d.Targets.Any(t => t.Kind == IdentifierKind.Email && !known.Contains(t.Value!)));
        Assert.Contains(demands, d => !d.IsClosed && d.DueAt < now);
        Assert.Contains(demands, d => d.ProcessType == ProcessType.EmergencyRequest);
        Assert.Contains(demands, d => d.ProcessType == ProcessType.PreservationRequest);
    }

    [Fact]
    public async Task SeedingWritesAValidAuditChain()
    {
        await using var db = app.CreateDbContext();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.NotEmpty(entries);
        var result = AuditChainVerifier.Verify(entries, app.Services.GetRequiredService<AuditKeyRing>());
        Assert.True(result.IsValid, result.Problem);
    }

    [Fact]
    public async Task SeedIsDeterministic()
    {
        await using var other = new SeededAppFactory();
        await ((IAsyncLifetime)other).InitializeAsync();
        try
        {
            Assert.Equal(await Fingerprint(app), await Fingerprint(other));
        }
        finally
        {
            await ((IAsyncLifetime)other).DisposeAsync();
        }
    }

    private static async Task<string> Fingerprint(ComplianceAppFactory factory)
    {
        await using var db = factory.CreateDbContext();
        var demands = await db.Demands.AsNoTracking().OrderBy(d => d.Reference).ToListAsync();
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Email + c.BillingAddress).ToListAsync();
        return string.Join("|", demands.Select(d => $"{d.Reference}:{d.Status}:{d.ProcessType}:{d.Agency.Name}:{d.DueAt:O}:{string.Join(",", d.Targets.Select(t => t.Raw))}"))
            + string.Join("|", customers);
    }
}

/// <summary>
/// The seed is one transaction: the app seeds only an empty database, so a seed cut short must leave it empty (found by
/// the crash harness: a kill half-way through used to leave 40 customers and part of the demands, never completed).
/// </summary>
public sealed class InterruptedSeedTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    [Fact]
    public async Task ASeedThatFailsHalfWayLeavesNothingAndTheNextSeedIsWhole()
    {
        var real = app.Services.GetServices<IDemoPackageFinisher>().Single();
        var failing = ActivatorUtilities.CreateInstance<DemoDataSeeder>(app.Services, (IEnumerable<IDemoPackageFinisher>)[new FailingOnThirdCall(real)]);

        await Assert.ThrowsAsync<IOException>(() => failing.SeedAsync());

        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(0, await db.Customers.CountAsync());
            Assert.Equal(0, await db.Demands.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync());
            Assert.Equal(0, await db.Packages.CountAsync());
        }

        await ActivatorUtilities.CreateInstance<DemoDataSeeder>(app.Services).SeedAsync();

        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(DemoDataSeeder.CustomerCount, await db.Customers.CountAsync());
            Assert.Equal(DemoDataSeeder.DemandCount, await db.Demands.CountAsync());
            Assert.True(AuditChainVerifier.Verify(await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(), app.Services.GetRequiredService<AuditKeyRing>()).IsValid);
        }
    }

    /// <summary>Finishes two seeded disclosures, then fails as a killed process would stop: after demands were written.</summary>
    private sealed class FailingOnThirdCall(IDemoPackageFinisher inner) : IDemoPackageFinisher
    {
        private int _calls;

        public Task<IReadOnlyList<DemoAuditEvent>> DiscloseAsync(ComplianceDbContext db, LegalDemand demand, ComplianceReview.Domain.CustomerData.DataSnapshot snapshot,
            ComplianceReview.Domain.Common.UserRef legalLead, DateTimeOffset signedAt, CancellationToken cancellationToken) =>
            ++_calls == 3 ? throw new IOException("The process stopped half-way through the seed.") : inner.DiscloseAsync(db, demand, snapshot, legalLead, signedAt, cancellationToken);
    }
}
