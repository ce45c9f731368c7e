using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Demands.Rules;
using Microsoft.AspNetCore.Components;

namespace ComplianceReview.App.Components.Pages.Demands;

/// <summary>
/// One demand: summary, pre-checks, scope, timeline and the reviewer's and legal lead's panels. Opening it is audited
/// (DemandService.OpenAsync); reloading after a decision is not, as it shows what the person just did.
/// A stale decision (someone else changed the demand) shows the conflict and the current state.
/// </summary>
public partial class DemandPage
{
    private LegalDemand? _demand;
    private IReadOnlyList<Finding> _findings = [];
    private IReadOnlyDictionary<string, string>? _accounts;
    private IReadOnlyList<TimelineEntry> _timeline = [];
    private bool _notFound;
    private string? _conflict;
    private string? _error;
    private string? _done;
    private string? _loaded;
    private double? _packageProgress;
    private bool _busy;

    [Inject] private DemandService Demands { get; set; } = default!;
    [Inject] private DemandQueue Queue { get; set; } = default!;
    [Inject] private PackageService Packages { get; set; } = default!;
    [Inject] private ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private Services.Workload.ReviewerDirectory ReviewerDirectory { get; set; } = default!;

    private IReadOnlyList<UserRef> _reviewers = [];

    [Parameter] public string Reference { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == Reference) return;
        _loaded = Reference;
        _demand = null;
        _notFound = false;
        _conflict = _error = _done = null;
        try
        {
            // Prerendering and the circuit both run this; the view is recorded once, by the circuit that shows it.
            if (RendererInfo.IsInteractive) (_demand, _findings) = await Demands.OpenAsync(Reference);
            else await ReloadAsync();
            _timeline = await Queue.TimelineAsync(Reference);
            if (_demand is not null) _accounts = await Demands.ResolvedAccountsAsync(_demand);
            _reviewers = await ReviewerDirectory.ReviewersAsync();
        }
        catch (DemandNotFoundException)
        {
            _notFound = true;
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task ReloadAsync()
    {
        var demand = await Demands.FindAsync(Reference);
        if (demand is null)
        {
            _notFound = true;
            _demand = null;
            return;
        }
        _findings = await Demands.EvaluateAsync(demand);
        _timeline = await Queue.TimelineAsync(Reference);
        _demand = demand;
    }

    private Task DecideAsync(DecisionRequest request) => RunAsync(async demand =>
    {
        var reference = demand.Reference.Value;
        var version = demand.Version;
        var changed = request.Action switch
        {
            DemandAction.StartReview => await Demands.StartReviewAsync(reference, version),
            DemandAction.Approve => await Demands.ApproveAsync(reference, version, request.Reason),
            DemandAction.ApprovePartially => await Demands.ApprovePartiallyAsync(reference, version, request.Reason,
                request.Identifiers ?? [], request.Categories ?? [], request.Range),
            DemandAction.Reject => await Demands.RejectAsync(reference, version,
                request.RejectionCode ?? throw new DomainException("Choose a reason code for the rejection."), request.Reason),
            DemandAction.Preserve => await Demands.PreserveAsync(reference, version, request.Reason),
            DemandAction.ExtendPreservation => await Demands.ExtendPreservationAsync(reference, version, request.Reason),
            DemandAction.Release => await Demands.ReleaseAsync(reference, version, request.Reason),
            _ => throw new DomainException($"{request.Action} is not a reviewer's decision."),
        };
        var message = request.Action is DemandAction.Approve or DemandAction.ApprovePartially ? changed.DescribeApproval(request.Action) : Done(request.Action);
        return new Outcome(message, changed);
    });

    private Task AssignAsync(AssignmentRequest request) => RunAsync(async demand =>
    {
        var changed = await Demands.AssignAsync(demand.Reference.Value, demand.Version, request.AssigneeId, request.Note);
        return new Outcome($"Assigned to {changed.AssignedReviewerName}. The note is in the demand's history.", changed);
    });

    private Task TakeOverAsync(string reason) => RunAsync(async demand =>
        new Outcome("You have taken the demand over; you can decide on it now.", await Demands.TakeOverAsync(demand.Reference.Value, demand.Version, reason)));

    /// <summary>A call-back or agency link committed: show the demand as it is now (its version moved on).</summary>
    private async Task RequesterChangedAsync(LegalDemand changed)
    {
        _demand = changed;
        _timeline = await Queue.TimelineAsync(Reference);
    }

    private Task SendBackAsync(string note) => RunAsync(async demand =>
        new Outcome("Sent back to review with your note.", await Demands.SendBackAsync(demand.Reference.Value, demand.Version, note)));

    /// <summary>Renders the package off the circuit's thread with visible progress; the page stays responsive.</summary>
    private Task OpenPackageAsync() => RunAsync(async demand =>
    {
        _packageProgress = 0;
        var progress = new Progress<double>(value =>
        {
            _packageProgress = value;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            var package = await Packages.PrepareForSignOffAsync(demand.Reference.Value, demand.Version, progress);
            return new Outcome($"The package is ready: {package.PageCount} page(s), SHA-256 {package.Sha256[..12]}…. Review it, then sign.", null);
        }
        finally
        {
            _packageProgress = null;
        }
    });

    private Task SignOffAsync(string packageSha256) => RunAsync(async demand =>
        new Outcome("Signed off. The package you signed is the one that will be disclosed.",
            await Demands.SignOffAsync(demand.Reference.Value, demand.Version, packageSha256)));

    /// <summary>What a change did: the message to show, and the demand as the change committed it (null: load it again).</summary>
    private sealed record Outcome(string Message, LegalDemand? Changed);

    /// <summary>
    /// Runs one change and shows its result; a conflict shows the message and the demand as it is now. A change that
    /// returns the demand it committed is shown at once, from that copy (the same rows a reload would read, its version
    /// included), and only the timeline is read again: the person sees the result one render earlier, without waiting
    /// for the demand and its pre-checks to be loaded and evaluated a second time.
    /// </summary>
    private async Task RunAsync(Func<LegalDemand, Task<Outcome>> change)
    {
        if (_demand is null || _busy) return;
        _conflict = _error = _done = null;
        _busy = true;
        try
        {
            var outcome = await change(_demand);
            _done = outcome.Message;
            if (outcome.Changed is { } changed)
            {
                _demand = changed;
                StateHasChanged();
                _timeline = await Queue.TimelineAsync(Reference);
            }
            else
            {
                await ReloadAsync();
            }
        }
        catch (DemandConflictException ex)
        {
            _conflict = ex.Message;
            await ReloadAsync();
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Done(DemandAction action) => action switch
    {
        DemandAction.StartReview => "The review is started and assigned to you.",
        DemandAction.Reject => "Rejected. The reason is recorded.",
        DemandAction.Preserve => $"The data is preserved for {Preservation.PeriodText}.",
        DemandAction.ExtendPreservation => $"The preservation is extended by {Preservation.PeriodText}.",
        DemandAction.Release => "The preservation is released.",
        _ => "Done.",
    };
}
