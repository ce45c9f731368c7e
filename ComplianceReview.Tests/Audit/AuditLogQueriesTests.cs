using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Audit;

/// <summary>The entry browser's filters and keyset paging.</summary>
public sealed class AuditLogQueriesTests : FreshAppTests
{
    private static readonly UserRef Riley = TestUser.Reviewer1.User;
    private static readonly UserRef Lee = TestUser.LegalLead1.User;

    private AuditLogQueries Queries => App.ServiceAs<AuditLogQueries>(TestUser.Auditor);

    private async Task SeedAsync()
    {
        var writer = App.Services.GetRequiredService<ComplianceWriter>();
        for (var day = 0; day < 3; day++)
        {
            for (var i = 0; i < 10; i++)
            {
                var (who, action, reference) = (i % 3) switch
                {
                    0 => (Riley, AuditActions.DemandViewed, "LD-2026-000001"),
                    1 => (Lee, AuditActions.SignedOff, "LD-2026-000002"),
                    _ => (Riley, AuditActions.SignedIn, null),
                };
                await writer.RecordAsync(who, action, reference);
            }
            App.Time.Advance(TimeSpan.FromDays(1));
        }
    }

    private async Task<List<long>> AllPagesAsync(AuditFilter filter, int size)
    {
        var sequences = new List<long>();
        AuditCursor? cursor = null;
        do
        {
            var page = await Queries.PageAsync(filter, cursor, size);
            Assert.True(page.Entries.Count <= size);
            sequences.AddRange(page.Entries.Select(e => e.Sequence));
            cursor = page.Older;
        }
        while (cursor is not null);
        return sequences;
    }

    [Fact]
    public async Task PagesRunNewestFirstWithoutGapsOrRepeats()
    {
        await SeedAsync();

        var all = await AllPagesAsync(AuditFilter.None, 7);

        Assert.Equal(Enumerable.Range(1, 30).Reverse().Select(i => (long)i), all);
    }

    [Fact]
    public async Task NewerGoesBackToThePreviousPage()
    {
        await SeedAsync();
        var first = await Queries.PageAsync(AuditFilter.None, null, 10);
        var second = await Queries.PageAsync(AuditFilter.None, first.Older, 10);

        var back = await Queries.PageAsync(AuditFilter.None, second.Newer, 10);

        Assert.False(first.HasNewer);
        Assert.True(second.HasNewer && second.HasOlder);
        Assert.Equal(first.Entries.Select(e => e.Sequence), back.Entries.Select(e => e.Sequence));
        Assert.False(back.HasNewer);
    }

    [Fact]
    public async Task FiltersCombineAndApplyBeforePaging()
    {
        await SeedAsync();
        var day2 = DateOnly.FromDateTime(ComplianceAppFactory.DefaultNow.UtcDateTime).AddDays(1);

        var riley = await AllPagesAsync(new AuditFilter { Actor = "Riley" }, 4);
        var leeById = await AllPagesAsync(new AuditFilter { Actor = Lee.Id }, 4);
        var signedOff = await AllPagesAsync(new AuditFilter { Action = AuditActions.SignedOff, From = day2, To = day2 }, 2);
        var demand = await AllPagesAsync(new AuditFilter { DemandReference = "ld-2026-000001", From = day2 }, 3);
        var nothing = await AllPagesAsync(new AuditFilter { DemandReference = "LD-2026-000001", Action = AuditActions.SignedOff }, 3);

        Assert.Equal(21, riley.Count);
        Assert.Equal(9, leeById.Count);
        Assert.Equal([18L, 15, 12], signedOff);
        Assert.Equal([30L, 27, 24, 21, 20, 17, 14, 11], demand);
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task TheStateShowsTheHeadAndTheLastVerification()
    {
        await SeedAsync();
        await App.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync();

        var state = await Queries.GetStateAsync();

        Assert.Equal(31, state.Head.Sequence);
        Assert.Equal(31, state.LastVerification!.Sequence);
        Assert.Contains(AuditLogQueries.Details(state.LastVerification), d => d.Key == "valid" && d.Value == "true");
    }
}
