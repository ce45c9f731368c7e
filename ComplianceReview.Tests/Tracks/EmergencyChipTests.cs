using Bunit;
using ComplianceReview.App.Components.Shared;
using ComplianceReview.Domain.Demands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace ComplianceReview.Tests.Tracks;

public sealed class EmergencyChipTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _context = new();

    public EmergencyChipTests()
    {
        _context.Services.AddMudServices();
        _context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Theory]
    [InlineData(5, "Emergency · due in 5 h")]
    [InlineData(-3, "Emergency · overdue 3 h")]
    public void AnEmergencyShowsTheChipWithItsShortDueTime(int hours, string text)
    {
        var chip = _context.Render<EmergencyChip>(p => p
            .Add(c => c.ProcessType, ProcessType.EmergencyRequest)
            .Add(c => c.DueAt, Now.AddHours(hours))
            .Add(c => c.Justification, "Credible threat to life")
            .Add(c => c.ShowJustification, true));

        Assert.Contains(text, chip.Find("[data-testid=emergency-chip]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Credible threat to life", chip.Find("[data-testid=emergency-justification]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProcessType.Subpoena)]
    [InlineData(ProcessType.CourtOrder)]
    [InlineData(ProcessType.PreservationRequest)]
    public void OtherDemandsShowNothing(ProcessType type)
    {
        var chip = _context.Render<EmergencyChip>(p => p.Add(c => c.ProcessType, type).Add(c => c.Justification, "x").Add(c => c.ShowJustification, true));

        Assert.Empty(chip.FindAll("[data-testid]"));
    }
}
