using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceReview.App.Components.Pages.Tracks;

/// <summary>What the track pages share: run a change through the service and show its refusal, if any, as a message.</summary>
public abstract class TrackPageBase : ComponentBase
{
    [Inject] protected DemandService Demands { get; set; } = null!;
    [Inject] protected ISnackbar Snackbar { get; set; } = null!;
    [Inject] protected TimeProvider Time { get; set; } = null!;

    protected DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    protected abstract Task LoadAsync();

    protected override Task OnInitializedAsync() => LoadAsync();

    /// <summary>Runs a change; on success reloads the list, on a refusal says why (the service's message is for the user).</summary>
    protected async Task<bool> ChangeAsync(Func<Task> change, string done)
    {
        try
        {
            await change();
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
            return true;
        }
        catch (Exception e) when (e is DomainException or AccessDeniedException or DemandConflictException or DemandNotFoundException)
        {
            Snackbar.Add(e.Message, Severity.Error);
            await LoadAsync();
            return false;
        }
    }
}
