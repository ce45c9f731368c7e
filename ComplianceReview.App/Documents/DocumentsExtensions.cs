namespace ComplianceReview.App.Documents;

public static class DocumentsExtensions
{
    public static IHostApplicationBuilder AddDisclosureDocuments(this IHostApplicationBuilder builder) => builder;
}
