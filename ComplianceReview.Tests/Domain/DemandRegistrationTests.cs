using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class DemandRegistrationTests
{
    private static readonly DemandRegistration Valid = DemandBuilder.Subpoena().BuildRegistration();

    private static readonly Dictionary<string, Func<DemandRegistration>> OneProblem = new()
    {
        ["no agency"] = () => Valid with { AgencyName = "  " },
        ["agency too long"] = () => Valid with { AgencyName = new string('a', RequestingAgency.MaxNameLength + 1) },
        ["country UK"] = () => Valid with { AgencyCountry = "UK" },
        ["country USA"] = () => Valid with { AgencyCountry = "USA" },
        ["no country"] = () => Valid with { AgencyCountry = "" },
        ["undefined process type"] = () => Valid with { ProcessType = (ProcessType)99 },
        ["no authority"] = () => Valid with { IssuingAuthority = "" },
        ["authority too long"] = () => Valid with { IssuingAuthority = new string('a', DemandRegistration.MaxAuthorityLength + 1) },
        ["no case number"] = () => Valid with { CaseNumber = " " },
        ["case number too long"] = () => Valid with { CaseNumber = new string('1', DemandRegistration.MaxCaseNumberLength + 1) },
        ["expires before issued"] = () => Valid with { ExpiresOn = Valid.IssuedOn.AddDays(-1) },
        ["due before received"] = () => Valid with { DueAt = Valid.ReceivedAt.AddSeconds(-1) },
        ["received before issued"] = () => Valid with { IssuedOn = DateOnly.FromDateTime(Valid.ReceivedAt.UtcDateTime).AddDays(1) },
        ["no targets"] = () => Valid with { Targets = [] },
        ["only blank targets"] = () => Valid with { Targets = ["", "  ", "\t"] },
        ["too many targets"] = () => Valid with { Targets = Enumerable.Range(1, DemandRegistration.MaxTargets + 1).Select(i => $"user{i}@contoso.com").ToList() },
        ["no categories"] = () => Valid with { Categories = [] },
        ["undefined category"] = () => Valid with { Categories = [DataCategory.SubscriberIdentity, (DataCategory)99] },
        ["range without end"] = () => Valid with { CoveredFrom = DemandBuilder.Now.AddDays(-30) },
        ["range without start"] = () => Valid with { CoveredTo = DemandBuilder.Now.AddDays(-30) },
        ["range reversed"] = () => Valid with { CoveredFrom = DemandBuilder.Now.AddDays(-1), CoveredTo = DemandBuilder.Now.AddDays(-2) },
        ["gag order until no date"] = () => Valid with { NonDisclosure = NonDisclosureKind.UntilDate },
        ["undefined gag order"] = () => Valid with { NonDisclosure = (NonDisclosureKind)9 },
        ["emergency without justification"] = () => DemandBuilder.EmergencyRequest().WithEmergencyJustification(" ").BuildRegistration(),
        ["justification too long"] = () => Valid with { EmergencyJustification = new string('j', DemandRegistration.MaxJustificationLength + 1) },
    };

    public static TheoryData<string, string> Problems => new()
    {
        { "no agency", nameof(DemandRegistration.AgencyName) },
        { "agency too long", nameof(DemandRegistration.AgencyName) },
        { "country UK", nameof(DemandRegistration.AgencyCountry) },
        { "country USA", nameof(DemandRegistration.AgencyCountry) },
        { "no country", nameof(DemandRegistration.AgencyCountry) },
        { "undefined process type", nameof(DemandRegistration.ProcessType) },
        { "no authority", nameof(DemandRegistration.IssuingAuthority) },
        { "authority too long", nameof(DemandRegistration.IssuingAuthority) },
        { "no case number", nameof(DemandRegistration.CaseNumber) },
        { "case number too long", nameof(DemandRegistration.CaseNumber) },
        { "expires before issued", nameof(DemandRegistration.ExpiresOn) },
        { "due before received", nameof(DemandRegistration.DueAt) },
        { "received before issued", nameof(DemandRegistration.ReceivedAt) },
        { "no targets", nameof(DemandRegistration.Targets) },
        { "only blank targets", nameof(DemandRegistration.Targets) },
        { "too many targets", nameof(DemandRegistration.Targets) },
        { "no categories", nameof(DemandRegistration.Categories) },
        { "undefined category", nameof(DemandRegistration.Categories) },
        { "range without end", nameof(DemandRegistration.CoveredTo) },
        { "range without start", nameof(DemandRegistration.CoveredTo) },
        { "range reversed", nameof(DemandRegistration.CoveredTo) },
        { "gag order until no date", nameof(DemandRegistration.NonDisclosureUntil) },
        { "undefined gag order", nameof(DemandRegistration.NonDisclosure) },
        { "emergency without justification", nameof(DemandRegistration.EmergencyJustification) },
        { "justification too long", nameof(DemandRegistration.EmergencyJustification) },
    };

    [Fact]
    public void TheBuilderDefaultsAreValid()
    {
        foreach (var type in Enum.GetValues<ProcessType>())
            Assert.Empty(DemandBuilder.Of(type).BuildRegistration().Validate());
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void EachProblemIsReportedAgainstItsField(string @case, string field)
    {
        var problems = OneProblem[@case]().Validate();

        var problem = Assert.Single(problems);
        Assert.Equal(field, problem.Field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public void EveryCaseIsInTheTable() => Assert.Equal(OneProblem.Keys.Order(), Problems.Select(row => (string)row[0]).Order());

    [Fact]
    public void EveryProblemIsListedAtOnce()
    {
        var registration = DemandBuilder.EmergencyRequest().WithEmergencyJustification(null).BuildRegistration() with
        {
            AgencyName = "",
            AgencyCountry = "UK",
            IssuingAuthority = " ",
            CaseNumber = "",
            IssuedOn = new DateOnly(2026, 3, 10),
            ExpiresOn = new DateOnly(2026, 3, 9),
            ReceivedAt = DemandBuilder.Now,
            DueAt = DemandBuilder.Now.AddDays(-1),
            Targets = ["alice@contoso"],
            Categories = [],
            CoveredFrom = DemandBuilder.Now,
            NonDisclosure = NonDisclosureKind.UntilDate,
        };

        var fields = registration.Validate().Select(p => p.Field);

        Assert.Equal(
            [
                "AgencyCountry", "AgencyName", "CaseNumber", "Categories", "CoveredTo", "DueAt", "EmergencyJustification",
                "ExpiresOn", "IssuingAuthority", "NonDisclosureUntil", "ReceivedAt", "Targets[0]",
            ],
            fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BroadLinesAreAcceptedForTheRecord()
    {
        var registration = Valid with { Targets = ["alice@contoso.com", "*@contoso.com", "@contoso.com", "contoso.com", "all users", "ANY"] };

        Assert.Empty(registration.Validate());
    }

    [Fact]
    public void MalformedLinesAreRefusedWithTheirLineNumber()
    {
        var registration = Valid with { Targets = ["alice@contoso.com", "alice@contoso", "bob@contoso.com", "+12"] };

        var problems = registration.Validate();

        Assert.Equal(["Targets[1]", "Targets[3]"], problems.Select(p => p.Field));
        Assert.StartsWith("Line 2: ", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("alice@contoso", problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 4: ", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineNumbersCountBlankLinesAsTheReviewerSeesThem()
    {
        var registration = Valid with { Targets = ["alice@contoso.com", "", "   ", "not an address@"] };

        var problem = Assert.Single(registration.Validate());

        Assert.Equal("Targets[3]", problem.Field);
        Assert.StartsWith("Line 4: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APreservationRequestNeedsNoCategory()
    {
        var registration = DemandBuilder.PreservationRequest().WithCategories().BuildRegistration();

        Assert.Empty(registration.Validate());
    }

    [Fact]
    public void RegisteringAnInvalidDemandThrowsWithEveryMessage()
    {
        var registration = Valid with { AgencyCountry = "UK", CaseNumber = "" };

        var thrown = Assert.Throws<DomainException>(() => LegalDemand.Register(DemandReference.Create(2026, 1), registration, DemandBuilder.Registrar));

        Assert.Contains("ISO 3166-1", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("case number", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteringKeepsEachTargetOnceAndFlagsBroadOnes()
    {
        var demand = DemandBuilder.Subpoena()
            .WithTargets(" Alice@Contoso.com", "alice@contoso.com", "", "all users", "+1 (415) 555-0100", "0014155550100")
            .WithCategories(DataCategory.BillingInformation, DataCategory.SubscriberIdentity, DataCategory.BillingInformation)
            .Build();

        Assert.Equal(DemandStatus.Received, demand.Status);
        Assert.Equal(0, demand.Version);
        Assert.Equal(["alice@contoso.com", null, "+14155550100"], demand.Targets.Select(t => t.Value));
        Assert.Equal("all users", demand.Targets[1].Raw);
        Assert.NotNull(demand.Targets[1].Problem);
        Assert.Null(demand.Targets[1].Identifier);
        Assert.Equal([DataCategory.SubscriberIdentity, DataCategory.BillingInformation], demand.RequestedCategories);
        Assert.Equal(["alice@contoso.com", "+14155550100"], demand.RequestedScope.Identifiers.Select(i => i.Value));
    }
}
