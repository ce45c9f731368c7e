using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

/// <summary>The agency directory, the sender pre-checks and the call-back rule (issue 19).</summary>
public sealed class RequesterTests
{
    private static readonly DateTimeOffset Now = DemandBuilder.Now;
    private static readonly UserRef Reviewer = DemandBuilder.Reviewer;

    private static DirectoryAgency Met() => DemandBuilder.VerifiedAgency("met.police.uk");

    private static DirectoryAgency Bka()
    {
        var agency = DirectoryAgency.Create("Bundeskriminalamt", "DE", ["bka.bund.de"], Now.AddDays(-100));
        agency.AddContact("Katrin Albers", "Provider-Anfragen", "+49 611 550", null, "bka.de Impressum");
        agency.Verify(DemandBuilder.Registrar, Now.AddDays(-90));
        return agency;
    }

    private static LegalDemand DemandFrom(DirectoryAgency? agency, string? sender, ProcessType type = ProcessType.CourtOrder)
    {
        var registration = DemandBuilder.Of(type).BuildRegistration() with { DirectoryAgencyId = agency?.Id, SenderAddress = sender };
        var demand = LegalDemand.Register(DemandReference.Create(2026, 7), registration, DemandBuilder.Registrar);
        demand.StartReview(Reviewer);
        return demand;
    }

    private static SenderAssessment Assess(LegalDemand demand, DirectoryAgency? agency, int earlier = 1, params DirectoryAgency[] others) =>
        SenderChecks.Evaluate(demand, new SenderContext(agency, [.. (agency is null ? [] : new[] { agency }), .. others], earlier));

    private static FindingCode[] Codes(SenderAssessment assessment) => [.. assessment.Findings.Select(f => f.Code)];

    [Theory]
    [InlineData("duty.inspector@met.po1ice.uk")]      // digit one for the letter i
    [InlineData("duty.inspector@met.pol1ce.uk")]
    [InlineData("duty.inspector@met.poIice.uk")]      // capital I for l (lower-cased: i)
    [InlineData("duty.inspector@met-police.uk")]      // a hyphen for the dot
    [InlineData("duty.inspector@met.polcie.uk")]      // two letters swapped
    [InlineData("duty.inspector@met.police.uk.secure-login.com")]
    [InlineData("duty.inspector@mеt.police.uk")]      // Cyrillic е
    public void LookAlikeOfTheAgencysDomainIsBlocking(string sender)
    {
        var met = Met();
        var assessment = Assess(DemandFrom(met, sender), met);

        var finding = Assert.Single(assessment.Findings);
        Assert.Equal(FindingCode.SenderLookAlikeDomain, finding.Code);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
        Assert.Contains("met.police.uk", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("liaison@met.police.uk")]
    [InlineData("k.smith@cdu.met.police.uk")]          // a subdomain of the official domain is the agency's
    public void SenderOnTheAgencysDomainThatWroteBeforeHasNoFinding(string sender)
    {
        var met = Met();
        Assert.Empty(Assess(DemandFrom(met, sender), met, earlier: 3, Bka()).Findings);
    }

    [Fact]
    public void UnrelatedOfficialDomainsDoNotResembleEachOther()
    {
        string[] domains = ["fbi.gov", "dany.nyc.gov", "bka.bund.de", "interieur.gouv.fr", "met.police.uk", "garda.ie", "pf.gov.br", "rcmp-grc.gc.ca", "afp.gov.au", "npa.go.jp"];
        foreach (var a in domains)
            foreach (var b in domains.Where(d => d != a))
                Assert.False(DomainResemblance.Imitates(EmailDomain.Parse(a), EmailDomain.Parse(b)), $"{a} flagged as imitating {b}");
    }

    [Fact]
    public void FreeMailSenderIsBlocking()
    {
        var met = Met();
        var assessment = Assess(DemandFrom(met, "met.police.duty@gmail.com"), met);
        Assert.Equal([FindingCode.SenderFreeMail], Codes(assessment));
        Assert.True(assessment.HasBlocking);
    }

    [Fact]
    public void SenderOnAnotherAgencysDomainIsAMismatchBetweenTheOrderAndTheSender()
    {
        var met = Met();
        var assessment = Assess(DemandFrom(met, "ermittlung@bka.bund.de"), met, 1, Bka());
        var finding = Assert.Single(assessment.Findings);
        Assert.Equal(FindingCode.SenderDomainOfOtherAgency, finding.Code);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
        Assert.Contains("Bundeskriminalamt", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDomainIsBlockingForADirectoryAgencyAndAWarningForAnUnknownOne()
    {
        var met = Met();
        var linked = Assess(DemandFrom(met, "someone@example-mail.net"), met);
        Assert.Equal([FindingCode.SenderDomainNotAgency], Codes(linked));
        Assert.True(linked.HasBlocking);

        var unknown = Assess(DemandFrom(null, "someone@example-mail.net"), null, 1, met);
        Assert.Equal([FindingCode.AgencyNotInDirectory, FindingCode.SenderDomainNotAgency], Codes(unknown));
        Assert.False(unknown.HasBlocking);
    }

    [Fact]
    public void SenderNeverSeenBeforeForTheAgencyIsAWarning()
    {
        var met = Met();
        var assessment = Assess(DemandFrom(met, "new.officer@met.police.uk"), met, earlier: 0);
        Assert.Equal([FindingCode.SenderFirstSeen], Codes(assessment));
        Assert.False(assessment.HasBlocking);

        // A directory contact's own address is known, even on its first demand.
        Assert.Empty(Assess(DemandFrom(met, "liaison@met.police.uk"), met, earlier: 0).Findings);
    }

    [Fact]
    public void ContactSuspendedAtAnotherAgencyIsBlocking()
    {
        var met = Met();
        var bka = Bka();
        var contact = bka.AddContact("Max Mustermann", "Liaison", "+49 611 551", "m.mustermann@bka.bund.de", "bka.de");
        bka.SuspendContact(contact.Id, "Mailbox compromised.");
        var assessment = Assess(DemandFrom(bka, "m.mustermann@bka.bund.de"), bka, 5, met);
        Assert.Contains(assessment.Findings, f => f.Code == FindingCode.SenderContactSuspended && f.Severity == FindingSeverity.Blocking);
    }

    [Fact]
    public void SuspendedAgencyIsBlockingAndUnverifiedOneAWarning()
    {
        var met = Met();
        met.Suspend("Domain taken over.");
        Assert.Contains(FindingCode.AgencySuspended, Codes(Assess(DemandFrom(met, null), met)));

        var fresh = DirectoryAgency.Create("Metropolitan Police Service", "GB", ["met.police.uk"], Now);
        var assessment = Assess(DemandFrom(fresh, null), fresh);
        Assert.Equal([FindingCode.AgencyUnverified], Codes(assessment));
    }

    [Fact]
    public void DemandNamingAnotherAgencyThanItsDirectoryLinkIsFlagged()
    {
        var bka = Bka();
        var demand = DemandFrom(bka, null); // the builder's demand names the Metropolitan Police Service (GB)
        Assert.Contains(FindingCode.AgencyNameMismatch, Codes(Assess(demand, bka)));
    }

    [Fact]
    public void EmergencyApprovalIsRefusedUntilAConfirmedCallBackToADirectoryNumber()
    {
        var met = Met();
        var demand = DemandFrom(met, "liaison@met.police.uk", ProcessType.EmergencyRequest);
        var clear = DemandBuilder.NoSenderFindings(demand);

        var refused = Assert.Throws<CallBackRequiredException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, clear));
        Assert.Contains("call the agency back", refused.Message, StringComparison.Ordinal);
        Assert.Equal(DemandStatus.InReview, demand.Status);

        demand.RecordCallBack(Reviewer, met, met.Contacts[0].Id, CallBackOutcome.NoAnswer, Now.AddMinutes(-30), "No answer on the switchboard.", Now);
        Assert.Throws<CallBackRequiredException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, clear));

        var call = demand.RecordCallBack(Reviewer, met, met.Contacts[0].Id, CallBackOutcome.Confirmed, Now.AddMinutes(-5), "The duty inspector confirmed it.", Now);
        Assert.Equal("+442072301212", call.PhoneNumber);
        Assert.Equal(Reviewer.Id, call.CalledById);
        demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, clear);
        Assert.Equal(DemandStatus.AwaitingSignOff, demand.Status);
    }

    [Fact]
    public void BlockingSenderFindingMakesACourtOrderWaitForACallBack()
    {
        var met = Met();
        var demand = DemandFrom(met, "duty.inspector@met.po1ice.uk");
        var assessment = Assess(demand, met);
        Assert.True(demand.RequiresCallBack(assessment));
        Assert.Throws<CallBackRequiredException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, assessment));

        demand.RecordCallBack(Reviewer, met, met.Contacts[0].Id, CallBackOutcome.NotConfirmed, Now.AddMinutes(-5), "The CDU never sent this.", Now);
        var refused = Assert.Throws<CallBackRequiredException>(() => demand.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, assessment));
        Assert.Contains("did not confirm", refused.Message, StringComparison.Ordinal);

        // Without a blocking finding a court order needs no call-back.
        var plain = DemandFrom(met, null);
        plain.Approve(Reviewer, DemandBuilder.Reason, DemandBuilder.EveryIdentifierUnique, Now, Assess(plain, met));
        Assert.Equal(DemandStatus.AwaitingSignOff, plain.Status);
    }

    [Fact]
    public void CallBackOnlyToAnActiveContactOfTheDemandsOwnAgencyInThePast()
    {
        var met = Met();
        var bka = Bka();
        var demand = DemandFrom(met, null, ProcessType.EmergencyRequest);
        var contact = met.Contacts[0].Id;

        Assert.Throws<DomainException>(() => demand.RecordCallBack(Reviewer, bka, bka.Contacts[0].Id, CallBackOutcome.Confirmed, Now, "x", Now));
        Assert.Throws<DomainException>(() => demand.RecordCallBack(Reviewer, met, contact, CallBackOutcome.Confirmed, Now.AddHours(1), "x", Now));
        Assert.Throws<DomainException>(() => demand.RecordCallBack(Reviewer, met, contact, CallBackOutcome.Confirmed, demand.ReceivedAt.AddMinutes(-1), "x", Now));
        Assert.Throws<DomainException>(() => demand.RecordCallBack(Reviewer, met, contact, CallBackOutcome.Confirmed, Now, " ", Now));
        met.SuspendContact(contact, "Compromised.");
        Assert.Throws<DomainException>(() => demand.RecordCallBack(Reviewer, met, contact, CallBackOutcome.Confirmed, Now, "x", Now));

        var unknown = DemandFrom(null, null, ProcessType.EmergencyRequest);
        var refused = Assert.Throws<DomainException>(() => unknown.RecordCallBack(Reviewer, met, met.Contacts[0].Id, CallBackOutcome.Confirmed, Now, "x", Now));
        Assert.Contains("not linked to a directory agency", refused.Message, StringComparison.Ordinal);
        Assert.Empty(demand.CallBacks);
    }

    [Fact]
    public void CallBackToThePreviousAgencyNoLongerCountsAfterRelinking()
    {
        var met = Met();
        var bka = Bka();
        var demand = DemandFrom(met, null, ProcessType.EmergencyRequest);
        demand.RecordCallBack(Reviewer, met, met.Contacts[0].Id, CallBackOutcome.Confirmed, Now.AddMinutes(-5), "Confirmed.", Now);
        demand.LinkAgency(bka, Reviewer);
        Assert.NotNull(demand.CallBackRefusal(DemandBuilder.NoSenderFindings(demand)));
    }

    [Fact]
    public void AgencyIsVerifiedOnlyWithADomainAndAContactAndEveryChangeIsRaised()
    {
        var agency = DirectoryAgency.Create("Garda", "IE", [], Now);
        Assert.Throws<DomainException>(() => agency.Verify(Reviewer, Now));
        agency.AddDomain("GARDA.ie");
        Assert.Throws<DomainException>(() => agency.Verify(Reviewer, Now));
        Assert.Throws<DomainException>(() => agency.AddDomain("gmail.com"));
        Assert.Throws<DomainException>(() => agency.AddContact("Eoin", "Sergeant", "01 666 0000", null, "garda.ie"));
        agency.AddContact("Eoin Walsh", "Sergeant", "+353 1 666 0000", null, "garda.ie switchboard");
        agency.Verify(Reviewer, Now);

        Assert.Equal(AgencyStatus.Verified, agency.Status);
        Assert.Equal(Reviewer.Id, agency.VerifiedById);
        Assert.Equal(Now, agency.VerifiedAt);
        Assert.Equal(["garda.ie"], agency.Domains.Select(d => d.Value));
        Assert.Equal(["AgencyCreated", "AgencyDomainAdded", "AgencyContactAdded", "AgencyVerified"], agency.Changes.Select(c => c.Action));
        Assert.All(agency.Changes, c => Assert.Equal(agency.Id.ToString(), c.Details["agencyId"]));
    }

    [Fact]
    public void SenderAssessmentOfAnotherDemandIsRefused()
    {
        var demand = DemandFrom(null, null);
        var other = DemandFrom(null, null);
        Assert.Throws<ArgumentException>(() => demand.CallBackRefusal(DemandBuilder.NoSenderFindings(other)));
    }
}
