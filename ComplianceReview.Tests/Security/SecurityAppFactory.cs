using System.Collections.Concurrent;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// The seeded app for the security tests, with the route parameters they need: a demand, one with an order
/// document, one with a signed package. Keeps one signed-in client per demo user.
/// </summary>
public sealed class SecurityAppFactory : ComplianceAppFactory
{
    public static readonly byte[] SmallPdf = TestPdfs.Order;

    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _clients = new();
    private readonly Lazy<Task<IReadOnlyDictionary<string, string>>> _parameters;

    public SecurityAppFactory() => _parameters = new(PrepareParametersAsync);

    protected override bool SeedDemoData => true;

    /// <summary>Values for <c>{demand}</c>, <c>{order}</c> and <c>{package}</c> in the matrix's paths.</summary>
    public Task<IReadOnlyDictionary<string, string>> RouteParametersAsync() => _parameters.Value;

    /// <summary>Anonymous (<c>null</c>) or signed in as a demo user; one client per user for the fixture's life.</summary>
    public Task<HttpClient> ClientAsync(string? demoUserId) => demoUserId is null
        ? Task.FromResult(TestSignIn.CreateClient(this))
        : _clients.GetOrAdd(demoUserId, id => new Lazy<Task<HttpClient>>(() => TestSignIn.SignInAsync(this, id))).Value;

    private async Task<IReadOnlyDictionary<string, string>> PrepareParametersAsync()
    {
        var reviewer = ServiceAs<DemandService>(TestUser.Reviewer1);
        var withOrder = await reviewer.RegisterAsync(Registrations.CourtOrder(Time.GetUtcNow()), new UploadedDocument("order.pdf", SmallPdf));
        await using var db = CreateDbContext();
        var disclosed = await db.Demands.AsNoTracking().Where(d => d.Status == DemandStatus.Disclosed)
            .OrderBy(d => d.Reference).Select(d => d.Reference).FirstAsync();
        // Approved by Reviewer1 (the matrix's reviewer) and opened for signature by a legal lead: a package not signed off yet.
        var email = await db.Customers.OrderBy(c => c.Id).Select(c => c.Email).FirstAsync();
        var pending = await reviewer.RegisterAsync(Registrations.CourtOrder(Time.GetUtcNow(), email), null);
        var started = await reviewer.StartReviewAsync(pending.Reference!.Value, 0);
        var approved = await reviewer.ApproveAsync(started.Reference.Value, started.Version, "The order is valid and names the accounts specifically.");
        await ServiceAs<PackageService>(TestUser.LegalLead2).PrepareForSignOffAsync(approved.Reference.Value, approved.Version);
        var agency = await db.DirectoryAgencies.AsNoTracking().OrderBy(a => a.Name).Select(a => a.Id).FirstAsync();
        return new Dictionary<string, string>
        {
            ["{demand}"] = disclosed.Value,
            ["{order}"] = withOrder.Reference!.Value,
            ["{package}"] = disclosed.Value,
            ["{pending}"] = approved.Reference.Value,
            ["{agency}"] = agency.ToString(),
        };
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            (await client.Value).Dispose();
        }
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
