using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class DataCategoryTests
{
    // DESIGN.md, "Data categories": kind, fields, and "(time series)". "(masked)" says how a field is shown, not its name.
    public static TheoryData<DataCategory, DataKind, bool, string[]> Table => new()
    {
        { DataCategory.SubscriberIdentity, DataKind.NonContent, false, ["Name", "Email address"] },
        { DataCategory.SubscriberLocation, DataKind.NonContent, false, ["State", "Country", "ZIP code"] },
        { DataCategory.RegistrationRecord, DataKind.NonContent, false, ["Account created at", "IP address at registration"] },
        { DataCategory.ConnectionHistory, DataKind.NonContent, true, ["Sign-in time", "IP address"] },
        { DataCategory.BillingInformation, DataKind.NonContent, false, ["Payment instrument", "Billing address"] },
        { DataCategory.EmailContent, DataKind.Content, true, ["Sent at", "From", "To", "Subject", "Body", "Attachments"] },
        { DataCategory.StoredFiles, DataKind.Content, true, ["File name", "Size", "Uploaded at", "SHA-256"] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void EachCategoryHasTheKindAndFieldsOfThePublishedDefinitions(DataCategory category, DataKind kind, bool timeSeries, string[] fields)
    {
        var info = category.Info();

        Assert.Equal(category, info.Category);
        Assert.Equal(kind, info.Kind);
        Assert.Equal(kind, category.Kind());
        Assert.Equal(timeSeries, category.IsTimeSeries());
        Assert.Equal(fields, info.Fields);
        Assert.False(string.IsNullOrWhiteSpace(category.Display()));
    }

    [Fact]
    public void TheCatalogHoldsEveryCategoryOnce()
    {
        Assert.Equal(Enum.GetValues<DataCategory>().Order(), DataCategories.All.Select(i => i.Category).Order());
        Assert.Equal(Table.Count, DataCategories.All.Count);
        Assert.Equal(DataCategories.All.Count, DataCategories.All.Select(i => i.DisplayName).Distinct().Count());
    }

    [Fact]
    public void AnUndefinedCategoryIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DataCategory)99).Info());
    }
}
