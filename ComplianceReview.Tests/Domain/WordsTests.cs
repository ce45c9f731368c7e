using System.Reflection;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

/// <summary>
/// Every value a person can read has words of its own (<see cref="Words"/>): each public enum value of the domain and each
/// audit action constant of the app (any static class named <c>...AuditActions</c>). A new enum or action without words fails here.
/// </summary>
public sealed class WordsTests
{
    /// <summary>Compound names that are also what people call the thing.</summary>
    private static readonly string[] ProperNames = ["JavaScript"];

    public static TheoryData<Type> DomainEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(LegalDemand).Assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.FullName, StringComparer.Ordinal))
            data.Add(type);
        return data;
    }

    public static TheoryData<string> AuditActionNames()
    {
        var data = new TheoryData<string>();
        foreach (var action in AuditActionConstants()) data.Add(action);
        return data;
    }

    [Theory]
    [MemberData(nameof(DomainEnums))]
    public void EveryValueOfADomainEnumHasItsOwnWords(Type enumType)
    {
        var missing = Enum.GetValues(enumType).Cast<Enum>().Where(v => !Words.Has(v)).Select(v => v.ToString()).ToList();

        Assert.True(missing.Count == 0, $"{enumType.Name} has no words for: {string.Join(", ", missing)} (add them to Words).");
    }

    [Theory]
    [MemberData(nameof(DomainEnums))]
    public void NoWordsAreAnInternalName(Type enumType)
    {
        foreach (var value in Enum.GetValues(enumType).Cast<Enum>())
        {
            var words = Words.Of(value);
            Assert.False(string.IsNullOrWhiteSpace(words));
            // A one-word name ("Subpoena") may read as itself; a compound name ("InReview") never does.
            if (Words.Spaced(value.ToString()).Contains(' ', StringComparison.Ordinal) && !ProperNames.Contains(words))
                Assert.NotEqual(value.ToString(), words);
        }
    }

    [Theory]
    [MemberData(nameof(AuditActionNames))]
    public void EveryAuditActionHasItsOwnWords(string action)
    {
        Assert.True(Words.HasAuditAction(action), $"The audit action {action} has no words (add it to Words).");
        Assert.NotEqual(action, Words.OfAuditAction(action));
    }

    [Fact]
    public void TheAuditActionConstantsAreFound()
    {
        // The theory above is only as good as the reflection that feeds it: both classes of constants must be seen.
        var actions = AuditActionConstants();
        Assert.Contains(AuditActions.DemandApprovedPartially, actions);
        Assert.Contains(App.Services.Reports.ReportAuditActions.CustomerNotificationRecorded, actions);
    }

    [Theory]
    [InlineData(DemandStatus.InReview, "In review")]
    [InlineData(DemandStatus.AwaitingSignOff, "Awaiting sign-off")]
    [InlineData(Outcome.ContentDisclosed, "Content disclosed")]
    [InlineData(ProcessType.CourtOrder, "Court order")]
    [InlineData(IdentifierKind.PhoneNumber, "Phone number")]
    [InlineData(FindingCode.IdentifierNotFound, "Account not found")]
    public void TheWordsTheIssueAskedForReadAsWords(object value, string expected) => Assert.Equal(expected, Words.Of((Enum)value));

    [Fact]
    public void AuditActionsReadAsWords() => Assert.Equal("Demand approved in part", Words.OfAuditAction(AuditActions.DemandApprovedPartially));

    [Fact]
    public void AValueWithoutAnEntryStillReadsAsSpacedWords()
    {
        Assert.Equal("Some new action", Words.OfAuditAction("SomeNewAction"));
        Assert.Equal("Sent to PDF export", Words.Spaced("SentToPDFExport"));
    }

    [Fact]
    public void ACombinationOfFlagsReadsAsEachFlagsWords() =>
        Assert.Equal("JavaScript, an embedded file", Words.Of(DocumentActiveContent.JavaScript | DocumentActiveContent.EmbeddedFile));

    [Fact]
    public void TheExistingDisplayHelpersReadFromTheSamePlace()
    {
        Assert.Equal(Words.Of(ProcessType.SearchWarrant), ProcessType.SearchWarrant.Display());
        Assert.Equal(Words.Of(DataCategory.EmailContent), DataCategory.EmailContent.Display());
        Assert.Equal(Words.Of(NotificationChannel.InProduct), NotificationChannel.InProduct.Display());
    }

    private static List<string> AuditActionConstants() =>
        typeof(AuditActions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: true, IsSealed: true } && t.Name.EndsWith("AuditActions", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
