namespace ComplianceReview.App.Components.Shared;

/// <summary>
/// The CSS classes MudBlazor's components put on their elements, for markup written as plain elements where a component
/// would cost every open circuit its own instance: on the dashboard and in the layout, which each circuit shows, a plain
/// element is a few render-tree frames of its parent, while a MudBlazor component is an instance with its parameter
/// state, attribute dictionary and two render-tree buffers of its own (about 2 KB a circuit; docs/benchmarks.md, circuits).
/// Same classes, so the same look; only for elements with no behaviour (links, text, grid cells, papers, tables).
/// </summary>
public static class MudCss
{
    public const string Link = "mud-typography mud-link mud-primary-text mud-link-underline-hover";
    public const string H4 = "mud-typography mud-typography-h4";
    public const string H5 = "mud-typography mud-typography-h5";
    public const string H6 = "mud-typography mud-typography-h6";
    public const string Body1 = "mud-typography mud-typography-body1";
    public const string Body2 = "mud-typography mud-typography-body2";
    public const string Caption = "mud-typography mud-typography-caption";
    /// <summary>A grid cell: half of the row from large screens on, whole below.</summary>
    public const string GridItemHalf = "mud-grid-item mud-grid-item-xs-12 mud-grid-item-lg-6";
    /// <summary>A grid cell for a small tile: 2 a row on phones, up to 6 on large screens.</summary>
    public const string GridItemTile = "mud-grid-item mud-grid-item-xs-6 mud-grid-item-sm-4 mud-grid-item-md-3 mud-grid-item-lg-2";
    public const string PaperOutlined = "mud-paper mud-paper-outlined";
    public const string SimpleTableDense = "mud-table mud-simple-table mud-table-dense mud-elevation-1";
    public const string TableContainer = "mud-table-container";
    public const string Icon = "mud-icon-root mud-svg-icon mud-icon-size-medium";
    public const string OutlinedButton = "mud-button-root mud-button mud-button-outlined mud-button-outlined-inherit mud-button-outlined-size-medium mud-ripple";
    public const string IconButtonEdgeStart = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon mud-icon-button-edge-start";
    public const string NavItem = "mud-nav-item";
    public const string NavLink = "mud-nav-link mud-ripple";
    public const string NavLinkActive = "mud-nav-link mud-ripple active";
    public const string NavLinkText = "mud-nav-link-text";
    public const string NavLinkIcon = "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default";

    public static string Grid(int spacing) => spacing switch
    {
        2 => "mud-grid mud-grid-spacing-xs-2 justify-start",
        3 => "mud-grid mud-grid-spacing-xs-3 justify-start",
        _ => throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "Add the class string for this spacing."),
    };
}
