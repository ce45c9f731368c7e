namespace ComplianceReview.App.Documents;

/// <summary>Settings of the disclosure package, from the <c>Disclosure</c> configuration section.</summary>
public sealed class DisclosureOptions
{
    public const string Section = "Disclosure";

    /// <summary>The Bates prefix printed on every page: 1 to 10 upper-case letters or digits.</summary>
    public string BatesPrefix { get; set; } = "";
}
