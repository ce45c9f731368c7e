using ComplianceReview.App.Data;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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
        var result = AuditChainVerifier.Verify(entries);
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
