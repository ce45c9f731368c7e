using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Audit;
using Microsoft.AspNetCore.Components;

namespace ComplianceReview.App.Components.Pages.Audit;

/// <summary>The filterable entry browser: newest first, paged on the server by keyset (Newer / Older), read-only.</summary>
public sealed partial class AuditEntryBrowser
{
    public const int PageSize = 50;

    private readonly FilterForm _form = new();
    private AuditFilter _filter = AuditFilter.None;
    private AuditEntryPage? _page;
    private string? _error;

    [Inject] private AuditLogQueries Queries { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync(null);

    private Task ApplyAsync()
    {
        _filter = _form.ToFilter();
        return LoadAsync(null);
    }

    private Task ClearAsync()
    {
        _form.Clear();
        return ApplyAsync();
    }

    private async Task LoadAsync(AuditCursor? cursor)
    {
        try
        {
            _error = null;
            _page = await Queries.PageAsync(_filter, cursor, PageSize);
        }
        catch (AccessDeniedException e)
        {
            _error = e.Message;
        }
    }

    /// <summary>The form's model; the browser binds to this, never to entries.</summary>
    private sealed class FilterForm
    {
        public DateTime? From { get; set; }
        public DateTime? To { get; set; }
        public string? Actor { get; set; }
        public string? Action { get; set; }
        public string? Reference { get; set; }

        public AuditFilter ToFilter() => new()
        {
            From = From is { } from ? DateOnly.FromDateTime(from) : null,
            To = To is { } to ? DateOnly.FromDateTime(to) : null,
            Actor = Actor,
            Action = Action,
            DemandReference = Reference,
        };

        public void Clear() => (From, To, Actor, Action, Reference) = (null, null, null, null, null);
    }
}
