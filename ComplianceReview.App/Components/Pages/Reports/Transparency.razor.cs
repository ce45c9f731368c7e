using ComplianceReview.App.Identity;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Reports;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceReview.App.Components.Pages.Reports;

public sealed partial class Transparency
{
    private IReadOnlyList<ReportPeriod> _periods = [];
    private IReadOnlyList<TransparencyReport> _series = [];
    private ReportPeriod? _period;
    private TransparencyReport? _report;
    private PublishedReportCheck? _check;
    private bool _canPublish;

    [Inject] private TransparencyReportService Reports { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _periods = await Reports.PeriodsAsync();
        _series = await Reports.SeriesAsync(_periods);
        _canPublish = Reports.CanPublish;
        var last = Reports.LastCompletePeriod;
        await LoadAsync(_periods.Contains(last) ? last : _periods[^1]);
    }

    private async Task SelectAsync(string? value)
    {
        if (ReportPeriod.TryParse(value, out var period)) await LoadAsync(period);
    }

    private async Task LoadAsync(ReportPeriod period)
    {
        _period = period;
        _report = await Reports.BuildAsync(period);
        _check = await Reports.CheckAsync(period);
    }

    private async Task PublishAsync()
    {
        if (_period is null) return;
        try
        {
            var published = await Reports.PublishAsync(_period);
            Snackbar.Add($"{published.Period} is published; SHA-256 {published.Sha256}.", Severity.Success);
        }
        catch (Exception e) when (e is DomainException or AccessDeniedException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await LoadAsync(_period);
    }
}
