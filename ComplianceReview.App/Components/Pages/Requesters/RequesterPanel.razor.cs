using System.Globalization;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Requesters;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Components;
using ComplianceReview.App.Components.Pages.Demands;
using MudBlazor;

namespace ComplianceReview.App.Components.Pages.Requesters;

public partial class RequesterPanel
{
    private RequesterView? _view;
    private string? _error;
    private string? _done;
    private bool _busy;
    private (Guid Id, int Version)? _loadedFor;

    [Inject] private RequesterVerification Requesters { get; set; } = default!;

    [Parameter, EditorRequired] public LegalDemand Demand { get; set; } = default!;

    /// <summary>Called with the demand as a call-back or link committed it, so the page shows its new version.</summary>
    [Parameter] public EventCallback<LegalDemand> Changed { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == (Demand.Id, Demand.Version)) return;
        _loadedFor = (Demand.Id, Demand.Version);
        try
        {
            _view = await Requesters.ViewAsync(Demand);
        }
        catch (AccessDeniedException e)
        {
            _error = e.Message;
        }
    }

    private Task RecordAsync(CallBackRequest request) => RunAsync("The call-back is recorded.", () =>
        Requesters.RecordCallBackAsync(Demand.Reference.Value, Demand.Version, request.ContactId, request.Outcome, request.CalledAt, request.Note));

    private Task LinkAsync(Guid agencyId) => RunAsync("The demand is linked to its directory agency.", () =>
        Requesters.LinkAgencyAsync(Demand.Reference.Value, Demand.Version, agencyId));

    private async Task RunAsync(string done, Func<Task<LegalDemand>> change)
    {
        if (_busy) return;
        _busy = true;
        _error = _done = null;
        try
        {
            var changed = await change();
            _done = done;
            await Changed.InvokeAsync(changed);
        }
        catch (Exception e) when (e is DomainException or DemandConflictException or AccessDeniedException)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    internal static Color StatusColor(AgencyStatus status) => status switch
    {
        AgencyStatus.Verified => Color.Success,
        AgencyStatus.Suspended => Color.Error,
        _ => Color.Warning,
    };

    internal static string History(AgencyHistory history) => history.Demands == 0
        ? "no demands before"
        : string.Create(CultureInfo.InvariantCulture,
            $"{history.Demands} demand(s); {(history.RejectionRate is { } rate ? $"{rate:P0} of {history.Closed} closed rejected" : "none closed yet")}; last seen {(history.LastSeen is { } at ? DemandSummaryCard.Instant(at) : "never")}");
}

/// <summary>A call-back as the reviewer records it: which directory contact, when, what came of it.</summary>
public sealed record CallBackRequest(Guid ContactId, CallBackOutcome Outcome, DateTimeOffset CalledAt, string Note);
