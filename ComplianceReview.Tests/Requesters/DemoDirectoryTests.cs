using ComplianceReview.App.Data;
using ComplianceReview.App.Services.Requesters;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Requesters;

/// <summary>The demo directory and senders: a verified and an unverified sender, and the forged emergency the checks catch.</summary>
public sealed class DemoDirectoryTests(SeededAppFactory app) : IClassFixture<SeededAppFactory>
{
    private async Task<(LegalDemand Demand, SenderAssessment Assessment)> SeededFromAsync(Func<string, bool> sender)
    {
        await using var db = app.CreateDbContext();
        var demands = await db.Demands.AsNoTracking().Include(d => d.CallBacks).Where(d => d.Sender != null).ToListAsync();
        var demand = demands.Single(d => sender(d.Sender!.Value));
        return (demand, await RequesterVerification.AssessAsync(db, demand));
    }

    [Fact]
    public async Task TheForgedEmergencyFromALookAlikeDomainIsBlockedUntilACallBack()
    {
        var (demand, assessment) = await SeededFromAsync(s => s == DemoAgencyDirectory.ForgedSender);

        Assert.True(demand.IsEmergency);
        var finding = Assert.Single(assessment.Findings, f => f.Code == FindingCode.SenderLookAlikeDomain);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
        Assert.Contains("met.police.uk", finding.Message, StringComparison.Ordinal);
        Assert.NotNull(demand.CallBackRefusal(assessment));
    }

    [Fact]
    public async Task TheVerifiedSenderHasNoFindingAndTheUnverifiedOneIsFirstSeen()
    {
        var (_, verified) = await SeededFromAsync(s => s.StartsWith("liaison@", StringComparison.Ordinal));
        Assert.Empty(verified.Findings);

        var (_, unverified) = await SeededFromAsync(s => s.StartsWith("duty.officer@", StringComparison.Ordinal));
        Assert.Equal([FindingCode.SenderFirstSeen], unverified.Findings.Select(f => f.Code));
    }

    [Fact]
    public async Task TheDirectoryHasVerifiedUnverifiedAndSuspendedAgenciesAndEveryDemandLinksToOne()
    {
        await using var db = app.CreateDbContext();
        var agencies = await db.DirectoryAgencies.AsNoTracking().ToListAsync();
        foreach (var status in Enum.GetValues<AgencyStatus>()) Assert.Contains(agencies, a => a.Status == status);
        Assert.Contains(agencies.SelectMany(a => a.Contacts), c => c.Status == ContactStatus.Suspended);
        Assert.Equal(0, await db.Demands.CountAsync(d => d.DirectoryAgencyId == null));
        // The seeded emergency that was approved was confirmed by phone first.
        var approvedEmergencies = await db.Demands.AsNoTracking().Include(d => d.CallBacks)
            .Where(d => d.ProcessType == ProcessType.EmergencyRequest && d.Status != DemandStatus.Received).ToListAsync();
        Assert.NotEmpty(approvedEmergencies);
        Assert.All(approvedEmergencies, d => Assert.Equal(CallBackOutcome.Confirmed, d.LatestCallBack!.Outcome));
    }
}
