using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using Microsoft.AspNetCore.Components;

namespace ComplianceReview.App.Components.Pages.Audit;

/// <summary>
/// The chain's head and a Verify action. Verification runs on the thread pool (hashing a long chain is CPU work that
/// would otherwise hold the circuit), and progress comes back through <see cref="ComponentBase.InvokeAsync(Action)"/>,
/// at most once per percent, so the page stays responsive and the bar moves.
/// </summary>
public sealed partial class ChainStatusPanel
{
    private readonly CancellationTokenSource _disposed = new();
    private CancellationTokenSource? _run;
    private AuditChainState? _state;
    private ChainVerification? _result;
    private string? _expectedHeadText;
    private string? _expectedHeadError;
    private string? _error;
    private bool _verifying;
    private double _percent;

    [Inject] private AuditLogQueries Queries { get; set; } = null!;
    [Inject] private AuditVerificationService Verification { get; set; } = null!;

    private string LastVerificationText => _state?.LastVerification is not { } last
        ? "The chain has not been verified yet."
        : $"Last verified {AuditExportText.Time(last.OccurredAt)} by {last.ActorName}: " +
          (AuditLogQueries.Details(last).FirstOrDefault(d => d.Key == "valid").Value == "true" ? "intact." : "BROKEN.");

    protected override async Task OnInitializedAsync() => await LoadStateAsync();

    private async Task LoadStateAsync()
    {
        try
        {
            _state = await Queries.GetStateAsync(_disposed.Token);
        }
        catch (AccessDeniedException e)
        {
            _error = e.Message;
        }
    }

    private async Task VerifyAsync()
    {
        _expectedHeadError = null;
        AuditHead? expected = null;
        if (!string.IsNullOrWhiteSpace(_expectedHeadText) && !AuditHeadText.TryParse(_expectedHeadText, out expected))
        {
            _expectedHeadError = "Paste the digest as printed: the sequence number, a colon and the 64-character hash.";
            return;
        }

        _verifying = true;
        _result = null;
        _error = null;
        _percent = 0;
        _run = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        var token = _run.Token;
        var progress = new PercentProgress(percent => InvokeAsync(() =>
        {
            _percent = percent;
            StateHasChanged();
        }));
        try
        {
            _result = await Task.Run(() => Verification.VerifyAsync(expected, progress, token), token);
            await LoadStateAsync();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _error = _disposed.IsCancellationRequested ? null : "Verification was cancelled; nothing was concluded.";
        }
        catch (AccessDeniedException e)
        {
            _error = e.Message;
        }
        finally
        {
            _verifying = false;
            _run.Dispose();
            _run = null;
        }
    }

    private void Cancel() => _run?.Cancel();

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>Forwards whole-percent changes only: a million entries must not mean a million renders.</summary>
    private sealed class PercentProgress(Func<double, Task> report) : IProgress<double>
    {
        private int _last = -1;

        public void Report(double value)
        {
            var percent = (int)Math.Floor(Math.Clamp(value, 0, 1) * 100);
            if (Interlocked.Exchange(ref _last, percent) != percent) _ = report(percent);
        }
    }
}
