using ComplianceReview.App.Services;
using ComplianceReview.Tests.Infrastructure;

namespace ComplianceReview.Tests.Components;

/// <summary>
/// The queue page's search over the seeded demands plus a few that name one account: the term filters every page, and
/// no address the page goes to holds it.
/// </summary>
public sealed class DemandsQueueTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>, IAsyncLifetime
{
    private readonly QueuePage _queue = new(app);

    /// <summary>Registers <paramref name="count"/> demands naming a new account; returns the account and their references.</summary>
    private async Task<(string Account, HashSet<string> References)> AccountInDemandsAsync(int count)
    {
        var account = $"searched.{Guid.NewGuid():N}@example.org";
        var demands = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        var references = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var result = await demands.RegisterAsync(Registrations.CourtOrder(app.Time.GetUtcNow(), account), null);
            references.Add(result.Reference!.Value);
        }
        return (account, references);
    }

    [Fact]
    public async Task ASearchFiltersEveryPageAndNoAddressHoldsIt()
    {
        var (account, references) = await AccountInDemandsAsync(12);
        _queue.Open("/demands?size=10");
        _queue.WaitFor(() => Assert.Equal(10, _queue.References().Count));
        Assert.NotEmpty(_queue.References().Except(references)); // unfiltered, the first page is not only the account's demands

        _queue.Search(account);
        _queue.WaitFor(() => Assert.Equal(10, _queue.References().Count(references.Contains)));
        Assert.All(_queue.References(), r => Assert.Contains(r, references));
        var firstPage = _queue.References();

        _queue.Click("Next page");
        _queue.WaitFor(() => Assert.Contains("after=", _queue.Address, StringComparison.Ordinal));
        _queue.WaitFor(() => Assert.Equal(references.Except(firstPage).Order(), _queue.References().Order()));

        _queue.Click("Previous page");
        _queue.WaitFor(() => Assert.Equal(firstPage, _queue.References()));

        Assert.Equal(account, _queue.SearchBoxText);
        Assert.DoesNotContain(_queue.Addresses, a => a.Contains(account, StringComparison.OrdinalIgnoreCase)
            || a.Contains(Uri.EscapeDataString(account), StringComparison.OrdinalIgnoreCase) || a.Contains("q=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClearingTheSearchBringsEveryDemandBack()
    {
        var (account, references) = await AccountInDemandsAsync(2);
        _queue.Open("/demands");
        _queue.Search(account);
        _queue.WaitFor(() => Assert.Equal(references.Order(), _queue.References().Order()));

        _queue.Search("  ");

        _queue.WaitFor(() => Assert.Equal(DemandQuery.DefaultPageSize, _queue.References().Count));
        Assert.Equal("/demands", _queue.Address);
    }

    [Fact]
    public async Task ClearFiltersClearsTheSearchToo()
    {
        var (account, references) = await AccountInDemandsAsync(2);
        _queue.Open("/demands?sort=ReceivedDesc");
        _queue.Search(account);
        _queue.WaitFor(() => Assert.Equal(references.Order(), _queue.References().Order()));

        _queue.Click("Clear filters");

        _queue.WaitFor(() => Assert.Equal(DemandQuery.DefaultPageSize, _queue.References().Count));
        Assert.Equal("/demands", _queue.Address);
        Assert.True(string.IsNullOrEmpty(_queue.SearchBoxText));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _queue.DisposeAsync();
}
