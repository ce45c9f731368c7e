using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Components;

namespace ComplianceReview.App.Components.Pages.Demands;

/// <summary>
/// Start review, approve, approve partially, reject, preserve, extend, release. Every decision needs a reason of at least
/// <see cref="ReviewDecision.MinReasonLength"/> characters. The partial approval offers only the requested specific
/// identifiers, the requested categories the process type allows, and dates within the requested range. While the
/// parent handles a decision every control is disabled, so a decision cannot be sent twice.
/// </summary>
public partial class DecisionPanel
{
    private static readonly DemandAction[] Decisions =
        [DemandAction.Approve, DemandAction.ApprovePartially, DemandAction.Reject, DemandAction.Preserve, DemandAction.ExtendPreservation, DemandAction.Release];

    private DemandAction? _mode;
    private string _reason = "";
    private RejectionReason? _rejection;
    private bool _triedReject;
    private HashSet<AccountIdentifier> _identifiers = [];
    private HashSet<DataCategory> _categories = [];
    private DateTime? _from;
    private DateTime? _to;
    private bool _busy;
    private (Guid Id, int Version)? _shown;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired] public LegalDemand Demand { get; set; } = default!;

    /// <summary>Carries out the decision; the panel stays disabled until the returned task completes.</summary>
    [Parameter, EditorRequired] public EventCallback<DecisionRequest> OnDecide { get; set; }

    private IReadOnlyList<DemandAction> Modes { get; set; } = [];
    private IReadOnlyList<AccountIdentifier> OfferedIdentifiers { get; set; } = [];
    private IReadOnlyList<DataCategory> OfferedCategories { get; set; } = [];

    protected override void OnParametersSet()
    {
        // A new version of the demand (after a decision or a conflict) starts a fresh form.
        if (_shown == (Demand.Id, Demand.Version)) return;
        _shown = (Demand.Id, Demand.Version);
        // Extend is offered only while the domain would allow it (once, before the hold ends).
        Modes = Decisions.Where(a => Demand.Allows(a) && !(a == DemandAction.ExtendPreservation && Demand.PreservationExtensionRefusal(Time.GetUtcNow()) is not null)).ToList();
        OfferedIdentifiers = Demand.RequestedScope.Identifiers;
        OfferedCategories = Demand.RequestedCategories.Where(c => SufficiencyPolicy.Allows(Demand.ProcessType, c)).ToList();
        _mode = Modes.Count == 1 ? Modes[0] : null;
        _reason = "";
        _rejection = null;
        _triedReject = false;
        _identifiers = [.. OfferedIdentifiers];
        _categories = [.. OfferedCategories];
        _from = Demand.CoveredRange?.From.UtcDateTime.Date;
        _to = Demand.CoveredRange?.To.UtcDateTime.Date;
    }

    private int ReasonLength => _reason.Trim().Length;
    private bool ReasonTooShort => ReasonLength < ReviewDecision.MinReasonLength;

    private string ReasonHelp => ReasonTooShort
        ? $"At least {ReviewDecision.MinReasonLength} characters: {ReviewDecision.MinReasonLength - ReasonLength} more needed."
        : $"{ReasonLength} characters.";

    private string? ScopeProblem => _mode != DemandAction.ApprovePartially ? null
        : _identifiers.Count == 0 ? "Choose at least one identifier."
        : _categories.Count == 0 ? "Choose at least one data category."
        : _from > _to ? "The end of the range cannot be before its start."
        : null;

    private bool CanSubmit => _mode is not null && !ReasonTooShort && ScopeProblem is null && (_mode != DemandAction.Reject || _rejection is not null);

    private static string Label(DemandAction action) => Words.Of(action);

    private static void Toggle<T>(HashSet<T> set, T item, bool selected)
    {
        if (selected) set.Add(item);
        else set.Remove(item);
    }

    /// <summary>The chosen dates as instants, clamped into the requested range: whole days, but never past its ends.</summary>
    private DateRange? ApprovedRange()
    {
        if (Demand.CoveredRange is not { } requested || _from is not { } from || _to is not { } to) return null;
        var start = new DateTimeOffset(from.Date, TimeSpan.Zero);
        var end = new DateTimeOffset(to.Date.AddDays(1).AddSeconds(-1), TimeSpan.Zero);
        if (start < requested.From) start = requested.From;
        if (end > requested.To) end = requested.To;
        return end < start ? null : new DateRange(start, end);
    }

    private Task SubmitAsync()
    {
        if (_mode is not { } mode) return Task.CompletedTask;
        if (mode == DemandAction.Reject) _triedReject = true;
        if (!CanSubmit) return Task.CompletedTask;
        var reason = _reason.Trim();
        return SendAsync(mode switch
        {
            DemandAction.Reject => new DecisionRequest(mode, reason, _rejection),
            DemandAction.ApprovePartially => new DecisionRequest(mode, reason, null,
                OfferedIdentifiers.Where(_identifiers.Contains).ToList(), OfferedCategories.Where(_categories.Contains).ToList(), ApprovedRange()),
            _ => new DecisionRequest(mode, reason),
        });
    }

    private async Task SendAsync(DecisionRequest request)
    {
        if (_busy) return;
        _busy = true;
        try
        {
            await OnDecide.InvokeAsync(request);
        }
        finally
        {
            _busy = false;
        }
    }
}
