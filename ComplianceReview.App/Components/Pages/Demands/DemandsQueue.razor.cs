using ComplianceReview.App.Services;
using Microsoft.AspNetCore.Components;

namespace ComplianceReview.App.Components.Pages.Demands;

/// <summary>
/// The queue. Every filter lives in the URL (so a view can be shared and survives reload); changing one navigates, and
/// the page loads from the URL. Paging is by keyset: "next" carries the last row's cursor; "previous" replays the
/// cursors this page instance has followed (after a reload only "first page" is available).
/// </summary>
public partial class DemandsQueue
{
    private DemandQuery _query = new();
    private Services.DemandQueuePage? _page;
    private DemandQueueOptions _options = new([], []);
    private readonly Stack<DemandCursor?> _previous = new();
    private string? _search;
    private DateTimeOffset _now;

    [Inject] private DemandQueue Queue { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Status)] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Type)] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Country)] public string? Country { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Agency)] public string? Agency { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Due)] public string? Due { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Emergency)] public string? Emergency { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Search)] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Sort)] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Size)] public string? Size { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.After)] public string? After { get; set; }

    protected override async Task OnInitializedAsync() => _options = await Queue.OptionsAsync();

    protected override async Task OnParametersSetAsync()
    {
        var query = DemandQuery.FromValues(Status, Type, Country, Agency, Due, Emergency, Search, Sort, Size, After);
        if (query.FirstPage() != _query.FirstPage()) _previous.Clear();
        _query = query;
        _search = query.Search;
        _now = Time.GetUtcNow();
        _page = await Queue.PageAsync(query);
    }

    private void Apply(DemandQuery query) => Go(query.FirstPage());

    private void ApplySearch() => Apply(_query with { Search = string.IsNullOrWhiteSpace(_search) ? null : _search.Trim() });

    private void FirstPage()
    {
        _previous.Clear();
        Go(_query.FirstPage());
    }

    private void NextPage()
    {
        if (_page?.Next is not { } next) return;
        _previous.Push(_query.After);
        Go(_query with { After = next });
    }

    private void PreviousPage()
    {
        if (_previous.Count == 0) return;
        Go(_query with { After = _previous.Pop() });
    }

    private void Go(DemandQuery query) => Navigation.NavigateTo("/demands" + query.ToQueryString());
}
