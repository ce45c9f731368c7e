using MudBlazor;

namespace ComplianceReview.App.Components.Layout;

/// <summary>The app's one MudBlazor theme. It is written into the page once, by the static part of <c>App.razor</c>.</summary>
public static class AppTheme
{
    // MudBlazor's default success, warning, error and info colours fail WCAG AA contrast (4.5:1) as text on white and under
    // a chip's white text (axe color-contrast, found by the browser tests); these darker shades pass.
    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight { Success = "#2e7d32", Warning = "#b45309", Error = "#c62828", Info = "#1565c0" },
    };
}
