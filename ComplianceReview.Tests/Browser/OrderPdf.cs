using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ComplianceReview.Tests.Browser;

/// <summary>A small, valid one-page PDF standing in for a scanned order, to upload through the intake form.</summary>
internal static class OrderPdf
{
    public static byte[] Create(string caseNumber)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        page.AddText("ORDER FOR DISCLOSURE OF SUBSCRIBER RECORDS", 14, new PdfPoint(50, 780), font);
        page.AddText($"Case {caseNumber}", 12, new PdfPoint(50, 750), font);
        return builder.Build();
    }
}
