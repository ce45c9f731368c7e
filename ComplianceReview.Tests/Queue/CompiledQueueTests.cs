using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Queue;

/// <summary>
/// The queue's compiled shapes (<see cref="CompiledQueue"/>) return exactly the rows, in exactly the order, that the
/// query built at run time (<see cref="DemandQueue.Build"/>) returns: every page of every sort for each filter and
/// pairs of filters, over the demo demands plus a group whose dates tie (only the id orders them).
/// </summary>
public sealed class CompiledQueueTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>, IAsyncLifetime
{
    private const int TiedDemands = 7;

    private DemandQueue Queue => app.Services.GetRequiredService<DemandQueue>();

    /// <summary>Registers the tied group once per fixture (xunit makes a new instance of the class for each test).</summary>
    public async Task InitializeAsync()
    {
        await using (var db = app.CreateDbContext())
        {
            if (await db.Demands.AnyAsync(d => d.CaseNumber.StartsWith("TIE-"))) return;
        }

        var now = app.Time.GetUtcNow();
        var tie = Registrations.CourtOrder(now) with { ReceivedAt = now.AddHours(-5), DueAt = now.AddDays(3) };
        var service = app.ServiceAs<DemandService>(TestUser.Reviewer1);
        for (var i = 0; i < TiedDemands; i++)
        {
            var result = await service.RegisterAsync(tie with { CaseNumber = $"TIE-{i}" }, null);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<DemandSort> Sorts => [DemandSort.DueAsc, DemandSort.DueDesc, DemandSort.ReceivedAsc, DemandSort.ReceivedDesc];

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task EveryPageOfEveryFilterMatchesTheQueryBuiltAtRunTime(DemandSort sort)
    {
        var filters = await FiltersAsync();
        var compared = 0;
        foreach (var filter in filters)
        {
            var query = filter with { Sort = sort, PageSize = 4 };
            Assert.True(CompiledQueue.Covers(query), $"{query.ToQueryString()} should run as a compiled query");

            var compiled = await AllPagesAsync(query, precompiled: true);
            var built = await AllPagesAsync(query, precompiled: false);

            Assert.Equal(built.Rows, compiled.Rows);
            Assert.Equal(built.Cursors, compiled.Cursors);
            compared += compiled.Rows.Count;
        }

        // The filters come from the data, so each one matches something; the walk covered many pages.
        Assert.True(compared > 300, $"compared {compared} rows");
    }

    [Fact]
    public async Task TiedDatesAreOrderedByIdAcrossPageBoundaries()
    {
        var query = new DemandQuery { Agency = "Federal Bureau of Investigation", PageSize = 2 };
        var rows = (await AllPagesAsync(query, precompiled: true)).Rows;

        var tied = rows.Where(r => r.CaseNumber.StartsWith("TIE-", StringComparison.Ordinal)).ToList();
        Assert.Equal(TiedDemands, tied.Count);
        // SQLite stores the ids as upper-case text and orders them as text.
        Assert.Equal(tied.Select(r => r.Id).OrderBy(id => id.ToString("D").ToUpperInvariant(), StringComparer.Ordinal), tied.Select(r => r.Id));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("?due=overdue")]
    [InlineData("?due=duesoon&status=InReview")]
    [InlineData("?emergency=true")]
    public void OtherShapesAreLeftToTheQueryBuiltAtRunTime(string queryString) =>
        Assert.False(CompiledQueue.Covers(DemandQuery.Parse(queryString)));

    [Fact]
    public void ASearchIsLeftToTheQueryBuiltAtRunTime() =>
        Assert.False(CompiledQueue.Covers(new DemandQuery { Search = "acct-10001", Status = DemandStatus.InReview }));

    [Fact]
    public async Task ACancelledPageThrowsAndReturnsNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Queue.PageAsync(new DemandQuery(), cancelled.Token));
    }

    /// <summary>No filter; each status, process type, country and agency that occurs; and pairs of them.</summary>
    private async Task<List<DemandQuery>> FiltersAsync()
    {
        await using var db = app.CreateDbContext();
        var demands = await db.Demands.AsNoTracking()
            .Select(d => new { d.Status, d.ProcessType, d.Agency.CountryCode, d.Agency.Name }).ToListAsync();

        var filters = new List<DemandQuery> { new() };
        filters.AddRange(demands.Select(d => d.Status).Distinct().Select(s => new DemandQuery { Status = s }));
        filters.AddRange(demands.Select(d => d.ProcessType).Distinct().Select(t => new DemandQuery { ProcessType = t }));
        filters.AddRange(demands.Select(d => d.CountryCode).Distinct().Select(c => new DemandQuery { Country = c }));
        filters.AddRange(demands.Select(d => d.Name).Distinct().Select(a => new DemandQuery { Agency = a }));
        filters.AddRange(demands.Select(d => (d.Status, d.CountryCode)).Distinct().Select(p => new DemandQuery { Status = p.Status, Country = p.CountryCode }));
        filters.AddRange(demands.Select(d => (d.ProcessType, d.Name)).Distinct().Select(p => new DemandQuery { ProcessType = p.ProcessType, Agency = p.Name }));
        return filters;
    }

    private async Task<(List<DemandQueueRow> Rows, List<DemandCursor> Cursors)> AllPagesAsync(DemandQuery query, bool precompiled)
    {
        var rows = new List<DemandQueueRow>();
        var cursors = new List<DemandCursor>();
        var page = await Queue.PageAsync(query, precompiled);
        rows.AddRange(page.Rows);
        while (page.Next is { } next)
        {
            cursors.Add(next);
            page = await Queue.PageAsync(query with { After = next }, precompiled);
            rows.AddRange(page.Rows);
        }
        return (rows, cursors);
    }
}
