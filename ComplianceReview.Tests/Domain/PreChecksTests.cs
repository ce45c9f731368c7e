using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceReview.Tests.Domain;

public sealed class PreChecksTests
{
    private const string Missing = "ghost@contoso.com";

    /// <summary>A phone number two customers share: the directory below resolves it to two accounts.</summary>
    private const string Shared = "+14155550123";
    private const string OrderSha256 = "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7";

    private static readonly DateOnly Today = DateOnly.FromDateTime(DemandBuilder.Now.UtcDateTime);

    private static readonly Dictionary<string, Func<DemandBuilder>> Cases = new()
    {
        ["only broad lines"] = () => DemandBuilder.Subpoena().WithTargets("all users", "@contoso.com"),
        ["one broad line among specific ones"] = () => DemandBuilder.Subpoena().WithTargets("alice@contoso.com", "*@contoso.com"),
        ["26 identifiers"] = () => DemandBuilder.Subpoena().WithTargets(Emails(26)),
        ["content on a subpoena"] = () => DemandBuilder.Subpoena()
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.EmailContent).CoveringYear(2025),
        ["connection history without range"] = () => DemandBuilder.CourtOrder()
            .WithCategories(DataCategory.ConnectionHistory).WithoutCoveredRange(),
        ["range of 367 days"] = () => DemandBuilder.CourtOrder()
            .Covering(new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 1, 2, 0, 0, 0, TimeSpan.Zero)),
        ["expired yesterday"] = () => DemandBuilder.Subpoena().ExpiresOn(Today.AddDays(-1)),
        ["issued tomorrow"] = () => DemandBuilder.Subpoena()
            .IssuedOn(Today.AddDays(1)).ReceivedAt(DemandBuilder.Now.AddDays(1)).DueAt(DemandBuilder.Now.AddDays(10)),
        ["due a minute ago"] = () => DemandBuilder.Subpoena().DueAt(DemandBuilder.Now.AddMinutes(-1)),
        ["unknown account"] = () => DemandBuilder.Subpoena().WithTargets("alice@contoso.com", Missing),
        ["gag order without end date"] = () => DemandBuilder.Subpoena().WithNonDisclosure(NonDisclosureKind.WithoutEndDate),
        ["shared phone number"] = () => DemandBuilder.Subpoena().WithTargets("alice@contoso.com", Shared),
        ["order document with scripts"] = () => DemandBuilder.Subpoena()
            .WithOrderDocument(new OrderDocument("order.pdf", 1000, OrderSha256, DocumentActiveContent.JavaScript | DocumentActiveContent.EmbeddedFile)),
    };

    /// <summary>Case, the finding it must raise with its severity, and any other finding the same input inevitably raises.</summary>
    public static TheoryData<string, FindingCode, FindingSeverity, FindingCode[]> Triggers => new()
    {
        { "only broad lines", FindingCode.NoSpecificIdentifier, FindingSeverity.Blocking, [FindingCode.BroadIdentifier] },
        { "one broad line among specific ones", FindingCode.BroadIdentifier, FindingSeverity.Blocking, [] },
        { "26 identifiers", FindingCode.TooManyIdentifiers, FindingSeverity.Warning, [] },
        { "content on a subpoena", FindingCode.CategoryNotAllowed, FindingSeverity.Blocking, [] },
        { "connection history without range", FindingCode.TimeSeriesWithoutDateRange, FindingSeverity.Blocking, [] },
        { "range of 367 days", FindingCode.DateRangeTooWide, FindingSeverity.Warning, [] },
        { "expired yesterday", FindingCode.OrderExpired, FindingSeverity.Blocking, [] },
        { "issued tomorrow", FindingCode.OrderIssuedInFuture, FindingSeverity.Blocking, [] },
        { "due a minute ago", FindingCode.DueDatePassed, FindingSeverity.Warning, [] },
        { "unknown account", FindingCode.IdentifierNotFound, FindingSeverity.Warning, [] },
        { "gag order without end date", FindingCode.NonDisclosureWithoutEndDate, FindingSeverity.Warning, [] },
        { "shared phone number", FindingCode.AmbiguousIdentifier, FindingSeverity.Blocking, [] },
        { "order document with scripts", FindingCode.OrderDocumentActiveContent, FindingSeverity.Warning, [] },
    };

    [Theory]
    [InlineData(ProcessType.Subpoena)]
    [InlineData(ProcessType.CourtOrder)]
    [InlineData(ProcessType.SearchWarrant)]
    [InlineData(ProcessType.EmergencyRequest)]
    [InlineData(ProcessType.PreservationRequest)]
    public void ABuilderDefaultDemandRaisesNoFinding(ProcessType type)
    {
        var demand = DemandBuilder.Of(type).Build();

        Assert.Empty(Evaluate(demand));
    }

    [Theory]
    [MemberData(nameof(Triggers))]
    public void EachCheckRaisesItsFindingWithItsSeverity(string @case, FindingCode code, FindingSeverity severity, FindingCode[] alsoRaised)
    {
        var demand = Cases[@case]().Build();

        var findings = Evaluate(demand);

        Assert.Equal(alsoRaised.Append(code).Order(), findings.Select(f => f.Code).Distinct().Order());
        Assert.All(findings.Where(f => f.Code == code), f =>
        {
            Assert.Equal(severity, f.Severity);
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
        });
    }

    [Fact]
    public void EveryFindingCodeIsCovered()
    {
        // The overlap and covered-range checks have their own homes and tests (SameAccountMergeTests, OverlapPreCheckTests,
        // ApprovalNarrowingTests); the sender codes belong to SenderChecks, each raised by a test in RequesterTests; every
        // other code is raised by PreChecks and triggered above.
        FindingCode[] elsewhere = [FindingCode.SameAgencyAndCaseNumber, FindingCode.SameOrderDocument, FindingCode.SameAccountInOtherDemand,
            FindingCode.AccountNamedTwice, FindingCode.CoveredRangeInFuture, FindingCode.CoveredRangeEndsInFuture];
        FindingCode[] sender = [FindingCode.AgencyNotInDirectory, FindingCode.AgencyUnverified, FindingCode.AgencySuspended, FindingCode.SenderFreeMail,
            FindingCode.SenderLookAlikeDomain, FindingCode.SenderDomainOfOtherAgency, FindingCode.SenderDomainNotAgency, FindingCode.SenderContactSuspended,
            FindingCode.SenderFirstSeen, FindingCode.AgencyNameMismatch];
        var covered = Triggers.Select(row => (FindingCode)row[1]).Append(FindingCode.EmergencyWithoutJustification).Concat(elsewhere).Concat(sender);

        Assert.Equal(Enum.GetValues<FindingCode>().Order(), covered.Distinct().Order());
    }

    [Fact]
    public void AnOrderDocumentWithActiveContentIsNamedWithWhatItHoldsAndItsHash()
    {
        var demand = Cases["order document with scripts"]().Build();

        var finding = Assert.Single(Evaluate(demand));

        Assert.Equal("order.pdf", finding.Subject);
        Assert.Contains("JavaScript, an embedded file", finding.Message, StringComparison.Ordinal);
        Assert.Contains(OrderSha256, finding.Message, StringComparison.Ordinal);
        Assert.Contains("kept unchanged as evidence", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainOrderDocumentRaisesNoFinding()
    {
        var demand = DemandBuilder.Subpoena().WithOrderDocument(new OrderDocument("order.pdf", 1000, OrderSha256)).Build();

        Assert.Empty(Evaluate(demand));
    }

    [Fact]
    public void AnOrderDocumentRefusesActiveContentItDoesNotKnow()
    {
        Assert.Throws<DomainException>(() => new OrderDocument("order.pdf", 1000, OrderSha256, (DocumentActiveContent)(1 << 20)));
    }

    [Fact]
    public void EachBroadLineIsReportedWithItsRawText()
    {
        var demand = DemandBuilder.Subpoena().WithTargets("alice@contoso.com", " *@contoso.com ", "ALL USERS").Build();

        var broad = Evaluate(demand).Where(f => f.Code == FindingCode.BroadIdentifier).ToList();

        Assert.Equal(["*@contoso.com", "ALL USERS"], broad.Select(f => f.Subject));
        Assert.All(broad, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    [Fact]
    public void EachNotAllowedCategoryIsReportedOnce()
    {
        var demand = DemandBuilder.Subpoena()
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.StoredFiles, DataCategory.EmailContent).CoveringYear(2025)
            .Build();

        var refused = Evaluate(demand).Where(f => f.Code == FindingCode.CategoryNotAllowed).Select(f => f.Subject);

        Assert.Equal([nameof(DataCategory.EmailContent), nameof(DataCategory.StoredFiles)], refused.Order());
    }

    [Fact]
    public void APreservationRequestsCategoriesSayWhatToHoldAndAreNeverNotAllowed()
    {
        var demand = DemandBuilder.PreservationRequest()
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.EmailContent, DataCategory.StoredFiles).CoveringYear(2025)
            .Build();

        Assert.DoesNotContain(Evaluate(demand), f => f.Code == FindingCode.CategoryNotAllowed);
    }

    [Fact]
    public void EachUnknownAccountIsReportedWithItsNormalisedValue()
    {
        var demand = DemandBuilder.Subpoena().WithTargets("alice@contoso.com", " GHOST@contoso.com", "+1 415 555 0199").Build();

        var notFound = Evaluate(demand, i => i.Value == "alice@contoso.com" ? IdentifierResolution.Unique("acct-1") : IdentifierResolution.NotFound)
            .Where(f => f.Code == FindingCode.IdentifierNotFound).Select(f => f.Subject);

        Assert.Equal(["+14155550199", "ghost@contoso.com"], notFound.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Shared@Contoso.com", "shared@contoso.com")]
    [InlineData("ACCT-SHARED", "acct-shared")]
    [InlineData("+1 415 555 0123", "+14155550123")]
    public void AnIdentifierMatchingSeveralAccountsIsBlockingAndSaysHowManyNotWhich(string target, string value)
    {
        var demand = DemandBuilder.CourtOrder().WithTargets("alice@contoso.com", target).Build();

        var findings = Evaluate(demand, i => i.Value == value ? IdentifierResolution.Ambiguous(3) : IdentifierResolution.Unique("acct-alice"));

        var finding = Assert.Single(findings);
        Assert.Equal((FindingCode.AmbiguousIdentifier, FindingSeverity.Blocking, value), (finding.Code, finding.Severity, finding.Subject));
        Assert.Contains("matches 3 accounts", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("acct-alice", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PreChecks.MaxIdentifiers, false)]
    [InlineData(PreChecks.MaxIdentifiers + 1, true)]
    public void TooManyIdentifiersStartsAboveTheLimit(int count, bool raised)
    {
        var demand = DemandBuilder.Subpoena().WithTargets(Emails(count)).Build();

        Assert.Equal(raised, Evaluate(demand).Any(f => f.Code == FindingCode.TooManyIdentifiers));
    }

    [Fact]
    public void BroadLinesDoNotCountTowardsTooManyIdentifiers()
    {
        var targets = Emails(PreChecks.MaxIdentifiers).Append("all users").Append("*@contoso.com").ToArray();
        var demand = DemandBuilder.Subpoena().WithTargets(targets).Build();

        Assert.DoesNotContain(Evaluate(demand), f => f.Code == FindingCode.TooManyIdentifiers);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void DateRangeTooWideStartsAbove366Days(int extraSeconds, bool raised)
    {
        var from = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var demand = DemandBuilder.CourtOrder()
            .WithCategories(DataCategory.ConnectionHistory)
            .Covering(from, from + PreChecks.MaxDateRange + TimeSpan.FromSeconds(extraSeconds))
            .Build();

        Assert.Equal(raised, Evaluate(demand).Any(f => f.Code == FindingCode.DateRangeTooWide));
    }

    [Fact]
    public void TimeSeriesWithARangeAndNonTimeSeriesWithoutOneRaiseNothing()
    {
        var withRange = DemandBuilder.CourtOrder().WithCategories(DataCategory.ConnectionHistory, DataCategory.StoredFiles).CoveringYear(2025).Build();
        var withoutRange = DemandBuilder.CourtOrder()
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.BillingInformation, DataCategory.RegistrationRecord)
            .WithoutCoveredRange().Build();

        Assert.Empty(Evaluate(withRange));
        Assert.Empty(Evaluate(withoutRange));
    }

    [Fact]
    public void AnOrderExpiringTodayIsStillValid()
    {
        var demand = DemandBuilder.Subpoena().ExpiresOn(Today).Build();

        Assert.Empty(Evaluate(demand));
    }

    [Fact]
    public void TheDueDatePassesWithTheClock()
    {
        var clock = new FakeTimeProvider(DemandBuilder.Now);
        var demand = DemandBuilder.Subpoena().DueAt(DemandBuilder.Now.AddDays(3)).Build();

        clock.Advance(TimeSpan.FromDays(3));
        var atDueTime = PreChecks.Evaluate(demand, DemandBuilder.EveryIdentifierUnique, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterDueTime = PreChecks.Evaluate(demand, DemandBuilder.EveryIdentifierUnique, clock.GetUtcNow());

        Assert.Empty(atDueTime);
        Assert.Equal([FindingCode.DueDatePassed], afterDueTime.Select(f => f.Code));
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("disclosed")]
    public void AClosedDemandIsNeverOverdue(string closedAs)
    {
        var builder = DemandBuilder.Subpoena().DueAt(DemandBuilder.Now.AddHours(1));
        var demand = (closedAs == "rejected" ? builder.Rejected() : builder.Disclosed()).Build();

        var findings = PreChecks.Evaluate(demand, DemandBuilder.EveryIdentifierUnique, DemandBuilder.Now.AddDays(30));

        Assert.DoesNotContain(findings, f => f.Code == FindingCode.DueDatePassed);
    }

    [Theory]
    [InlineData(NonDisclosureKind.None)]
    [InlineData(NonDisclosureKind.UntilDate)]
    public void AGagOrderWithAnEndDateOrNoneRaisesNothing(NonDisclosureKind kind)
    {
        var demand = DemandBuilder.Subpoena().WithNonDisclosure(kind, kind == NonDisclosureKind.UntilDate ? Today.AddYears(1) : null).Build();

        Assert.Empty(Evaluate(demand));
    }

    [Fact]
    public void AnEmergencyRequestWithoutJustificationIsBlocked()
    {
        // Registration refuses such a demand, so it can only come from a stored row; simulate one the way EF materialises it.
        var demand = DemandBuilder.EmergencyRequest().Build();
        typeof(LegalDemand).GetProperty(nameof(LegalDemand.EmergencyJustification))!.SetValue(demand, null);

        var finding = Assert.Single(Evaluate(demand));

        Assert.Equal(FindingCode.EmergencyWithoutJustification, finding.Code);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
    }

    [Fact]
    public void AnEmergencyRequestWithoutJustificationCannotBeRegistered()
    {
        var registration = DemandBuilder.EmergencyRequest().WithEmergencyJustification("  ").BuildRegistration();

        Assert.Contains(registration.Validate(), p => p.Field == nameof(DemandRegistration.EmergencyJustification));
    }

    private static IReadOnlyList<Finding> Evaluate(LegalDemand demand, Func<AccountIdentifier, IdentifierResolution>? resolve = null) =>
        PreChecks.Evaluate(demand, resolve ?? (i => i.Value switch
        {
            Missing => IdentifierResolution.NotFound,
            Shared => IdentifierResolution.Ambiguous(2),
            _ => DemandBuilder.EveryIdentifierUnique(i),
        }), DemandBuilder.Now);

    private static string[] Emails(int count) =>
        Enumerable.Range(1, count).Select(i => $"user{i:000}@contoso.com").ToArray();
}
