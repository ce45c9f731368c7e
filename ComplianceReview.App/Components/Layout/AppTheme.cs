using MudBlazor;

namespace ComplianceReview.App.Components.Layout;

/// <summary>The app's one MudBlazor theme. It is written into the page once, by the static part of <c>App.razor</c>.</summary>
public static class AppTheme
{
    /// <summary>
    /// The faces the app serves itself (wwwroot/fonts/fonts.css). Only the generic family follows, never a face a machine
    /// may or may not have (MudBlazor's default lists Helvetica and Arial): a page must lay out the same everywhere.
    /// </summary>
    public static readonly string[] SansFamily = ["Roboto", "sans-serif"];

    // MudBlazor's default success, warning, error and info colours fail WCAG AA contrast (4.5:1) as text on white and under
    // a chip's white text (axe color-contrast, found by the browser tests); these darker shades pass.
    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight { Success = "#2e7d32", Warning = "#b45309", Error = "#c62828", Info = "#1565c0" },
        Typography = ServedFontsTypography(),
    };

    private static Typography ServedFontsTypography()
    {
        var typography = new Typography();
        BaseTypography[] all =
        [
            typography.Default, typography.H1, typography.H2, typography.H3, typography.H4, typography.H5, typography.H6,
            typography.Subtitle1, typography.Subtitle2, typography.Body1, typography.Body2,
            typography.Button, typography.Caption, typography.Overline,
        ];
        foreach (var typo in all) typo.FontFamily = SansFamily;
        return typography;
    }
}
