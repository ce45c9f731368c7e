using ComplianceReview.App.Services.Reports;

namespace ComplianceReview.Tests.Reports;

public sealed class TransparencyCsvTests
{
    [Theory]
    [InlineData("US", "US")]
    [InlineData("12.5", "12.5")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-3", "-3")]
    public void FieldsAreEscapedAsRfc4180AndFormulasNeutralised(string field, string expected) =>
        Assert.Equal(expected, TransparencyCsv.Escape(field));
}
