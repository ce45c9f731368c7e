namespace ComplianceReview.App.Documents;

public static class DocumentsExtensions
{
    /// <summary>The disclosure package renderer and its options (section <c>Disclosure</c>), checked at startup.</summary>
    public static IHostApplicationBuilder AddDisclosureDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DisclosureOptions>()
            .Bind(builder.Configuration.GetSection(DisclosureOptions.Section))
            .Validate(o => BatesNumber.IsValidPrefix(o.BatesPrefix),
                $"Disclosure:BatesPrefix must be 1 to {BatesNumber.MaxPrefixLength} upper-case letters or digits.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IDisclosurePackageRenderer, DisclosurePackageRenderer>();
        builder.Services.AddSingleton<RecordPdfRenderer>();
        return builder;
    }
}
