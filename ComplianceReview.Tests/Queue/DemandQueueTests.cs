using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Queue;

/// <summary>The queue over the seeded demo demands (about 60) plus a few registered here with known values.</summary>
public sealed class DemandQueueTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private DemandQueue Queue => app.Services.GetRequiredService<DemandQueue>();

    private async Task<string> RegisterAsync(DemandRegistration registration)
    {
        var result = await app.ServiceAs<DemandService>(TestUser.Reviewer1).RegisterAsync(registration, null);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return result.Reference!.Value;
    }

    private async Task<List<DemandQueueRow>> AllPagesAsync(DemandQuery query)
    {
        var rows = new List<DemandQueueRow>();
        var page = await Queue.PageAsync(query);
        rows.AddRange(page.Rows);
        while (page.Next is { } next)
        {
            Assert.Equal(query.PageSize, page.Rows.Count);
            page = await Queue.PageAsync(query with { After = next });
            rows.AddRange(page.Rows);
        }
        return rows;
    }

    [Theory]
    [InlineData(DemandSort.DueAsc)]
    [InlineData(DemandSort.DueDesc)]
    [InlineData(DemandSort.ReceivedAsc)]
    [InlineData(DemandSort.ReceivedDesc)]
    public async Task PagesNeitherOverlapNorSkipRowsForEachSort(DemandSort sort)
    {
        // Three demands with the same received and due instants: only the id tells them apart, so the cursor must use it.
        var now = app.Time.GetUtcNow();
        var tie = Registrations.CourtOrder(now) with { ReceivedAt = now.AddHours(-3), DueAt = now.AddDays(5) };
        for (var i = 0; i < 3; i++) await RegisterAsync(tie with { CaseNumber = $"TIE-{sort}-{i}" });

        await using var db = app.CreateDbContext();
        var all = await db.Demands.AsNoTracking().Select(d => new { d.Id, d.DueAt, d.ReceivedAt }).ToListAsync();
        Assert.True(all.Count >= 60, $"expected the seeded demands, found {all.Count}");

        var rows = await AllPagesAsync(new DemandQuery { Sort = sort, PageSize = 10 });

        Assert.Equal(all.Count, rows.Count);
        Assert.Equal(all.Count, rows.Select(r => r.Id).Distinct().Count());
        var dates = rows.Select(r => sort is DemandSort.DueAsc or DemandSort.DueDesc ? r.DueAt : r.ReceivedAt).ToList();
        var expected = sort is DemandSort.DueDesc or DemandSort.ReceivedDesc ? dates.OrderDescending() : dates.Order();
        Assert.Equal(expected, dates);
    }

    [Fact]
    public async Task KeysetPagingWithAFilterCoversExactlyTheFilteredRows()
    {
        await using var db = app.CreateDbContext();
        var expected = await db.Demands.AsNoTracking().Where(d => d.Status == DemandStatus.Received).Select(d => d.Id).ToListAsync();
        Assert.True(expected.Count > 10, "the seed has enough received demands for several pages");

        var rows = await AllPagesAsync(new DemandQuery { Status = DemandStatus.Received, Sort = DemandSort.ReceivedDesc, PageSize = 10 });

        Assert.Equal(expected.Order(), rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task FiltersByStatusTypeCountryAndAgency()
    {
        var now = app.Time.GetUtcNow();
        var reference = await RegisterAsync(Registrations.Subpoena(now) with { AgencyName = "Garda National Cyber Crime Bureau", AgencyCountry = "IE" });

        var page = await Queue.PageAsync(new DemandQuery
        {
            Status = DemandStatus.Received,
            ProcessType = ProcessType.Subpoena,
            Country = "IE",
            Agency = "Garda National Cyber Crime Bureau",
            PageSize = 100,
        });

        var row = Assert.Single(page.Rows);
        Assert.Equal(reference, row.Reference);
        Assert.Null(page.Next);
        Assert.Empty((await Queue.PageAsync(new DemandQuery { Agency = "Garda National Cyber Crime Bureau", Status = DemandStatus.InReview })).Rows);
    }

    [Fact]
    public async Task DueWindowsSelectOpenDemandsOverdueOrDueWithin48Hours()
    {
        var now = app.Time.GetUtcNow();
        var overdue = await RegisterAsync(Registrations.CourtOrder(now) with { ReceivedAt = now.AddDays(-1), DueAt = now.AddHours(-2) });
        var soon = await RegisterAsync(Registrations.CourtOrder(now) with { DueAt = now.AddHours(47) });
        var later = await RegisterAsync(Registrations.CourtOrder(now) with { DueAt = now.AddHours(49) });

        var overdueRows = await AllPagesAsync(new DemandQuery { Due = DueWindow.Overdue, PageSize = 100 });
        var soonRows = await AllPagesAsync(new DemandQuery { Due = DueWindow.DueSoon, PageSize = 100 });

        Assert.Contains(overdueRows, r => r.Reference == overdue);
        Assert.All(overdueRows, r => Assert.True(r.IsOpen && r.DueAt < now, $"{r.Reference} is not open and overdue"));
        Assert.Contains(soonRows, r => r.Reference == soon);
        Assert.DoesNotContain(soonRows, r => r.Reference == later || r.Reference == overdue);
        Assert.All(soonRows, r => Assert.True(r.IsOpen && r.DueAt >= now && r.DueAt <= now.AddHours(48)));
    }

    [Fact]
    public async Task EmergencyFilterShowsOnlyEmergencyRequests()
    {
        var rows = await AllPagesAsync(new DemandQuery { EmergencyOnly = true, PageSize = 100 });

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(ProcessType.EmergencyRequest, r.ProcessType));
    }

    [Fact]
    public async Task SearchFindsByReferenceCaseNumberAgencyAndTarget()
    {
        var now = app.Time.GetUtcNow();
        var reference = await RegisterAsync(Registrations.CourtOrder(now, "Search.Target@Example.org", "acct-77001") with
        {
            CaseNumber = "SRCH-4711-Q",
            AgencyName = "Searchable Prosecutor's Office",
        });

        async Task<IReadOnlyList<string>> Find(string text) =>
            (await AllPagesAsync(new DemandQuery { Search = text, PageSize = 100 })).Select(r => r.Reference).ToList();

        Assert.Equal([reference], await Find(reference));
        Assert.Equal([reference], await Find("srch-4711"));
        Assert.Equal([reference], await Find("Searchable Prosecutor"));
        Assert.Equal([reference], await Find("search.target@example.org"));
        Assert.Equal([reference], await Find("ACCT-77001"));
        Assert.Empty(await Find("no-such-thing-anywhere"));
        Assert.Empty(await Find("%"));
    }

    [Fact]
    public void QueryRoundTripsThroughTheUrl()
    {
        var query = new DemandQuery
        {
            Status = DemandStatus.InReview,
            ProcessType = ProcessType.CourtOrder,
            Country = "DE",
            Agency = "Bundeskriminalamt & Co",
            Due = DueWindow.DueSoon,
            EmergencyOnly = true,
            Sort = DemandSort.ReceivedDesc,
            PageSize = 50,
            After = new DemandCursor(new DateTimeOffset(2026, 11, 2, 9, 30, 15, TimeSpan.Zero), Guid.NewGuid()),
        };

        var url = query.ToQueryString();

        Assert.StartsWith("?", url, StringComparison.Ordinal);
        Assert.Equal(query, DemandQuery.Parse(url));
        Assert.Equal("", new DemandQuery().ToQueryString());
        Assert.Equal(new DemandQuery(), DemandQuery.Parse(""));
    }

    [Fact]
    public void TheSearchIsNeverWrittenToTheUrl()
    {
        var query = new DemandQuery { Status = DemandStatus.InReview, Search = "alice@contoso.com", After = new DemandCursor(DateTimeOffset.UnixEpoch, Guid.Empty) };

        var url = query.ToQueryString();

        Assert.DoesNotContain("alice", url, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("q=", url, StringComparison.Ordinal);
        Assert.Equal(query with { Search = null }, DemandQuery.Parse(url));
        Assert.Equal("", new DemandQuery { Search = "alice@contoso.com" }.ToQueryString());
    }

    [Fact]
    public void ASearchInTheUrlIsIgnored()
    {
        var query = DemandQuery.Parse("?q=alice%40contoso.com&search=alice&status=InReview");

        Assert.Equal(new DemandQuery { Status = DemandStatus.InReview }, query);
    }

    [Fact]
    public void MalformedUrlValuesFallBackToNoFilter()
    {
        var query = DemandQuery.Parse("?status=Bogus&type=7&country=XX&due=tomorrow&sort=sideways&size=100000&after=not-a-cursor");

        Assert.Equal(new DemandQuery(), query);
    }
}
