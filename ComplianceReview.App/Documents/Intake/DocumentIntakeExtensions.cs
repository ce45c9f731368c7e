namespace ComplianceReview.App.Documents.Intake;

public static class DocumentIntakeExtensions
{
    /// <summary>
    /// The checks of uploaded files: one <see cref="BoundedDocumentCheck"/> per process (its slots are shared by the intake
    /// form and the API) and the order document check on it. E-mail and CSV intake register their checks beside it.
    /// </summary>
    public static IHostApplicationBuilder AddDocumentIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(DocumentCheckLimits.Default);
        builder.Services.AddSingleton(PdfScanLimits.Default);
        builder.Services.AddSingleton<BoundedDocumentCheck>();
        builder.Services.AddSingleton<OrderDocumentCheck>();
        return builder;
    }
}
