using ComplianceReview.App.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace ComplianceReview.App.Components.Pages.Demands;

/// <summary>
/// The queue. Every filter lives in the URL (so a view can be shared and survives reload); changing one navigates, and
/// the page loads from the URL. The search does not: it is often a customer's identifier, and a URL ends up in request
/// logs, browser history and proxies. It stays in this component for the life of the circuit, is applied on top of
/// whatever the URL says, and a change to it alone reloads in place. Paging is by keyset: "next" carries the last row's
/// cursor (of the searched rows, since the search applies to every page); "previous" replays the cursors this page
/// instance has followed (after a reload only "first page" is available, and the search is gone).
/// </summary>
public partial class DemandsQueue
{
    private DemandQuery _query = new();
    private Services.DemandQueuePage? _page;
    private DemandQueueOptions _options = new([], []);
    private readonly Stack<DemandCursor?> _previous = new();
    private string? _searchText;
    private string? _search;
    private DateTimeOffset _now;
    private IReadOnlyList<Domain.Common.UserRef> _reviewers = [];
    private Domain.Common.UserRef? _me;

    [Inject] private DemandQueue Queue { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private Services.Workload.ReviewerDirectory Reviewers { get; set; } = default!;
    [Inject] private Identity.ICurrentUser CurrentUser { get; set; } = default!;

    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Status)] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Type)] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Country)] public string? Country { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Agency)] public string? Agency { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Due)] public string? Due { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Emergency)] public string? Emergency { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Sort)] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Size)] public string? Size { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.After)] public string? After { get; set; }
    [SupplyParameterFromQuery(Name = DemandQuery.Keys.Assignee)] public string? Assignee { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _options = await Queue.OptionsAsync();
        _reviewers = await Reviewers.ReviewersAsync();
        _me = CurrentUser.IsAuthenticated ? CurrentUser.User : null;
    }

    protected override Task OnParametersSetAsync() =>
        LoadAsync(DemandQuery.FromValues(Status, Type, Country, Agency, Due, Emergency, Sort, Size, After, Assignee) with { Search = _search });

    private async Task LoadAsync(DemandQuery query)
    {
        if (query.FirstPage() != _query.FirstPage()) _previous.Clear();
        _query = query;
        _now = Time.GetUtcNow();
        _page = await Queue.PageAsync(query);
    }

    private Task Apply(DemandQuery query) => ShowAsync(query.FirstPage());

    private Task ApplySearch()
    {
        _search = string.IsNullOrWhiteSpace(_searchText) ? null : _searchText.Trim();
        _searchText = _search;
        return Apply(_query with { Search = _search });
    }

    /// <summary>
    /// Enter in the search box: the form holds other inputs (the selects) and no submit button, so the browser does not
    /// submit it. The box binds on every input, so the text is already here.
    /// </summary>
    private Task SearchOnEnter(KeyboardEventArgs key) => key.Key == "Enter" ? ApplySearch() : Task.CompletedTask;

    private Task ClearSearch()
    {
        _searchText = null;
        return ApplySearch();
    }

    private Task ClearFilters()
    {
        _search = _searchText = null;
        _previous.Clear();
        return ShowAsync(new DemandQuery());
    }

    private Task FirstPage()
    {
        _previous.Clear();
        return ShowAsync(_query.FirstPage());
    }

    private Task NextPage()
    {
        if (_page?.Next is not { } next) return Task.CompletedTask;
        _previous.Push(_query.After);
        return ShowAsync(_query with { After = next });
    }

    private Task PreviousPage() =>
        _previous.Count == 0 ? Task.CompletedTask : ShowAsync(_query with { After = _previous.Pop() });

    /// <summary>
    /// What the URL holds changed: navigate, and <see cref="OnParametersSetAsync"/> loads it (with the search). Only the
    /// search changed: the URL stays as it is and the page reloads here.
    /// </summary>
    private Task ShowAsync(DemandQuery query)
    {
        if (query with { Search = null } == _query with { Search = null }) return LoadAsync(query);
        Navigation.NavigateTo("/demands" + query.ToQueryString());
        return Task.CompletedTask;
    }
}
