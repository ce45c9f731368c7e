using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ComplianceReview.App.Components.Shared;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Components;

namespace ComplianceReview.App.Components.Pages;

/// <summary>
/// A dashboard list's table as markup: MudBlazor's dense simple table with a caption, a header row and a row per demand
/// (reference linking to the demand, agency and country, process, status, due date; overdue dates marked). Every value
/// is HTML-encoded here, so text typed into a demand shows as text.
/// <para>
/// The dashboard's lists are shared by all open dashboards (<see cref="DashboardQueries"/>), so the markup is made once
/// per loaded list and kept with it: each circuit's render tree then holds one frame pointing at the same string, where
/// elements would cost each circuit about 20 frames a row (docs/benchmarks.md, circuits).
/// </para>
/// </summary>
public static class DashboardTable
{
    /// <summary>Letters of every script as they are; markup characters, quotes and controls encoded.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly ConditionalWeakTable<IReadOnlyList<DemandSummary>, Made> Tables = new();

    public static MarkupString For(string title, IReadOnlyList<DemandSummary> items)
    {
        var made = Tables.GetValue(items, list => new Made(title, Render(title, list)));
        return made.Title == title ? made.Markup : Render(title, items);
    }

    public static MarkupString Render(string title, IReadOnlyList<DemandSummary> items)
    {
        var html = new StringBuilder(256 + 320 * items.Count);
        // In a ScrollRegion's markup (Components/Shared/ScrollRegion.razor): on a phone the table scrolls inside it.
        html.Append("<div class=\"scroll-region\" role=\"region\" tabindex=\"0\" aria-label=\"").Append(Encoder.Encode(title)).Append("\">");
        html.Append("<div class=\"").Append(MudCss.SimpleTableDense).Append("\"><div class=\"").Append(MudCss.TableContainer).Append("\"><table>");
        html.Append("<caption class=\"sr-only\">").Append(Encoder.Encode(title)).Append("</caption>");
        html.Append("<thead><tr><th scope=\"col\">Reference</th><th scope=\"col\">Agency</th><th scope=\"col\">Process</th>")
            .Append("<th scope=\"col\">Status</th><th scope=\"col\">Due (UTC)</th></tr></thead><tbody>");
        foreach (var item in items)
        {
            var reference = Encoder.Encode(item.Reference);
            html.Append("<tr><td class=\"nowrap\"><a href=\"/demands/").Append(Encoder.Encode(Uri.EscapeDataString(item.Reference))).Append("\" class=\"")
                .Append(MudCss.Link).Append("\">").Append(reference).Append("</a></td>");
            html.Append("<td>").Append(Encoder.Encode(item.Agency)).Append(" (").Append(Encoder.Encode(item.Country)).Append(")</td>");
            html.Append("<td>").Append(Encoder.Encode(item.ProcessType.Display())).Append("</td>");
            html.Append("<td>").Append(Encoder.Encode(Words.Of(item.Status))).Append("</td>");
            html.Append(item.IsOverdue ? "<td class=\"overdue\">" : "<td>")
                .Append(item.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        html.Append("</tbody></table></div></div></div>");
        return new MarkupString(html.ToString());
    }

    private sealed record Made(string Title, MarkupString Markup);
}
