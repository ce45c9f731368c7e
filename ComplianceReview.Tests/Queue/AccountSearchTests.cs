using ComplianceReview.App.Services;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Queue;

/// <summary>Searching the queue by any identifier of the account a demand names: its account id finds demands that name its e-mail.</summary>
public sealed class AccountSearchTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private DemandQueue Queue => app.Services.GetRequiredService<DemandQueue>();

    [Fact]
    public async Task TheAccountIdAndThePhoneNumberFindADemandThatNamesTheCustomerByEmailOnly()
    {
        await using var db = app.CreateDbContext();
        var customers = await db.Customers.AsNoTracking().Where(c => c.PhoneNumber != null).OrderBy(c => c.Id).Take(2).ToListAsync();
        var (named, other) = (customers[0], customers[1]);
        var result = await app.ServiceAs<DemandService>(TestUser.Reviewer1)
            .RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), named.Email) with { CaseNumber = "ACCT-SEARCH-1" }, null);
        var reference = result.Reference!.Value;

        foreach (var term in new[] { named.AccountId, named.AccountId.ToUpperInvariant(), named.PhoneNumber!, named.Email })
        {
            var page = await Queue.PageAsync(new DemandQuery { Search = term, PageSize = 100 });
            Assert.Contains(page.Rows, r => r.Reference == reference);
        }

        // Another customer's identifiers do not find it: the expansion is to the one account the term names.
        var others = await Queue.PageAsync(new DemandQuery { Search = other.AccountId, PageSize = 100 });
        Assert.DoesNotContain(others.Rows, r => r.Reference == reference);
    }

    [Fact]
    public async Task AnIdentifierOfNoAccountStillFindsTheDemandsThatNameItAsWritten()
    {
        var result = await app.ServiceAs<DemandService>(TestUser.Reviewer1)
            .RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), "nobody.here@example.org") with { CaseNumber = "ACCT-SEARCH-2" }, null);

        var page = await Queue.PageAsync(new DemandQuery { Search = "Nobody.Here@example.org", PageSize = 100 });

        Assert.Equal([result.Reference!.Value], page.Rows.Select(r => r.Reference));
    }
}
