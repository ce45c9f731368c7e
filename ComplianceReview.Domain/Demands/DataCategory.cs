using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

public enum DataCategory
{
    SubscriberIdentity,
    SubscriberLocation,
    RegistrationRecord,
    ConnectionHistory,
    BillingInformation,
    EmailContent,
    StoredFiles,
}

public enum DataKind
{
    NonContent,
    Content,
}

/// <summary>What a category is and which fields it discloses, after the provider's published definitions.</summary>
public sealed record DataCategoryInfo(DataCategory Category, string DisplayName, DataKind Kind, bool IsTimeSeries, IReadOnlyList<string> Fields);

public static class DataCategories
{
    private static readonly Dictionary<DataCategory, DataCategoryInfo> Catalog = new[]
    {
        new DataCategoryInfo(DataCategory.SubscriberIdentity, Words.Of(DataCategory.SubscriberIdentity), DataKind.NonContent, false, ["Name", "Email address"]),
        new DataCategoryInfo(DataCategory.SubscriberLocation, Words.Of(DataCategory.SubscriberLocation), DataKind.NonContent, false, ["State", "Country", "ZIP code"]),
        new DataCategoryInfo(DataCategory.RegistrationRecord, Words.Of(DataCategory.RegistrationRecord), DataKind.NonContent, false, ["Account created at", "IP address at registration"]),
        new DataCategoryInfo(DataCategory.ConnectionHistory, Words.Of(DataCategory.ConnectionHistory), DataKind.NonContent, true, ["Sign-in time", "IP address"]),
        new DataCategoryInfo(DataCategory.BillingInformation, Words.Of(DataCategory.BillingInformation), DataKind.NonContent, false, ["Payment instrument", "Billing address"]),
        new DataCategoryInfo(DataCategory.EmailContent, Words.Of(DataCategory.EmailContent), DataKind.Content, true, ["Sent at", "From", "To", "Subject", "Body", "Attachments"]),
        new DataCategoryInfo(DataCategory.StoredFiles, Words.Of(DataCategory.StoredFiles), DataKind.Content, true, ["File name", "Size", "Uploaded at", "SHA-256"]),
    }.ToDictionary(i => i.Category);

    public static IReadOnlyCollection<DataCategoryInfo> All => Catalog.Values;

    public static DataCategoryInfo Info(this DataCategory category) =>
        Catalog.TryGetValue(category, out var info) ? info : throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown data category.");

    public static DataKind Kind(this DataCategory category) => category.Info().Kind;

    public static bool IsTimeSeries(this DataCategory category) => category.Info().IsTimeSeries;

    public static string Display(this DataCategory category) => category.Info().DisplayName;
}
