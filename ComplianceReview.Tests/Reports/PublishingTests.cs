using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Reports;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.Reports;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Reports;

/// <summary>Publishing freezes a period's figures; a later change to a demand shows as differences, never silently.</summary>
public sealed class PublishingTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private static readonly DateTimeOffset Received = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private TransparencyReportService Service(TestUser user) => app.ServiceAs<TransparencyReportService>(user);

    private Task<IReadOnlyList<LegalDemand>> SeedAsync(DateTimeOffset received) => app.SaveAsync(
        DemandBuilder.CourtOrder().WithAgency("Bundeskriminalamt", "DE").ReceivedOn(received).WithPackageCounts(3, 1).Disclosed(),
        DemandBuilder.Subpoena().WithAgency("Bundeskriminalamt", "DE").ReceivedOn(received).WithPackageCounts(3, 0).Disclosed(),
        DemandBuilder.Subpoena().WithAgency("Federal Bureau of Investigation", "US").ReceivedOn(received).ReviewedBy(TestUser.Reviewer1.User).InReview());

    [Fact]
    public async Task PublishingFreezesTheFiguresWithAStableHashAndReproduces()
    {
        await SeedAsync(Received);
        var period = ReportPeriod.Parse("2025-H1");

        var published = await Service(TestUser.LegalLead1).PublishAsync(period);

        var recomputed = PublishedTransparencyReport.CanonicalFormOf(await Service(TestUser.Auditor).BuildAsync(period));
        Assert.Equal(published.CanonicalForm, recomputed);
        Assert.Equal(published.Sha256, PublishedTransparencyReport.HashOf(recomputed));
        Assert.Matches("^[0-9a-f]{64}$", published.Sha256);
        Assert.StartsWith(PublishedTransparencyReport.FormatHeader + "\nperiod\t2025-H1\n", published.CanonicalForm, StringComparison.Ordinal);

        var check = await Service(TestUser.Auditor).CheckAsync(period);
        Assert.NotNull(check);
        Assert.True(check.IsIntact);
        Assert.Empty(check.Differences);
        Assert.True(check.Reproduces);

        var audit = (await app.AuditAsync(ReportAuditActions.TransparencyReportPublished))[^1];
        Assert.Equal(TestUser.LegalLead1.User.Id, audit.ActorId);
        Assert.Contains(published.Sha256, audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADemandChangedAfterPublishingShowsAsDifferingCells()
    {
        var demands = await SeedAsync(new DateTimeOffset(2024, 8, 1, 9, 0, 0, TimeSpan.Zero));
        var period = ReportPeriod.Parse("2024-H2");
        var published = await Service(TestUser.LegalLead1).PublishAsync(period);

        var open = demands[2];
        await app.Demands(TestUser.Reviewer1).RejectAsync(open.Reference.Value, open.Version, RejectionReason.Duplicate, "The same request arrived twice under two case numbers.");

        var check = await Service(TestUser.Auditor).CheckAsync(period);
        Assert.NotNull(check);
        Assert.True(check.IsIntact);
        Assert.False(check.Reproduces);
        var differences = check.Differences.Select(d => $"{d.Section}/{d.Row}/{d.Column}: {d.Published} -> {d.Current}").ToList();
        Assert.Equal(
        [
            "requests/US/open: 1 -> 0", "requests/US/closed: 0 -> 1", "requests/US/rejected: 0 -> 1",
            "requests/US/pctContent: - -> 0.0", "requests/US/pctNonContentOnly: - -> 0.0", "requests/US/pctNoDataFound: - -> 0.0", "requests/US/pctRejected: - -> 100.0",
            "requests/Total/open: 1 -> 0", "requests/Total/closed: 2 -> 3", "requests/Total/rejected: 0 -> 1",
            "requests/Total/pctContent: 50.0 -> 33.3", "requests/Total/pctNonContentOnly: 50.0 -> 33.3", "requests/Total/pctRejected: 0.0 -> 33.3",
        ], differences);

        // The frozen figures are untouched: the published hash still matches them.
        var stored = (await Service(TestUser.Auditor).PublishedAsync()).Single(p => p.Period == "2024-H2");
        Assert.Equal(published.Sha256, stored.Sha256);
        Assert.Equal(published.CanonicalForm, stored.CanonicalForm);
    }

    [Fact]
    public async Task ARowThatAppearsAfterPublishingIsADifferenceToo()
    {
        var period = ReportPeriod.Parse("2023-H1");
        await app.SaveAsync(DemandBuilder.Subpoena().ReceivedOn(period.Start.AddDays(3)).Rejected());
        await Service(TestUser.LegalLead2).PublishAsync(period);

        await app.SaveAsync(DemandBuilder.Subpoena().WithAgency("Police nationale", "FR").ReceivedOn(period.Start.AddDays(4)).Rejected());

        var check = await Service(TestUser.Auditor).CheckAsync(period);
        Assert.Contains(check!.Differences, d => d is { Section: "requests", Row: "FR", Column: "requests", Published: null, Current: "1" });
        Assert.Contains(check.Differences, d => d is { Section: "requests", Row: "Total", Column: "requests", Published: "1", Current: "2" });
    }

    [Fact]
    public async Task StoredFiguresEditedAfterPublishingFailTheHashCheck()
    {
        var period = ReportPeriod.Parse("2022-H2");
        await app.SaveAsync(DemandBuilder.Subpoena().ReceivedOn(period.Start.AddDays(3)).Rejected());
        await Service(TestUser.LegalLead1).PublishAsync(period);

        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE PublishedTransparencyReports SET CanonicalForm = replace(CanonicalForm, 'pctRejected\t100.0', 'pctRejected\t10.0') WHERE Period = '2022-H2'");
        }

        var check = await Service(TestUser.Auditor).CheckAsync(period);
        Assert.False(check!.IsIntact);
        Assert.Contains(check.Differences, d => d is { Row: "Total", Column: "pctRejected", Published: "10.0", Current: "100.0" });
    }

    [Fact]
    public async Task APeriodIsPublishedOnceOnlyAndOnlyWhenItIsOver()
    {
        var period = ReportPeriod.Parse("2022-H1");
        await Service(TestUser.LegalLead1).PublishAsync(period);

        var again = await Assert.ThrowsAsync<DomainException>(() => Service(TestUser.LegalLead2).PublishAsync(period));
        Assert.Contains("published", again.Message, StringComparison.Ordinal);
        var running = await Assert.ThrowsAsync<DomainException>(() => Service(TestUser.LegalLead1).PublishAsync(ReportPeriod.Parse("2026-H2")));
        Assert.Contains("not over", running.Message, StringComparison.Ordinal);
    }

    public static TheoryData<TestUser> NotLegalLeads => [TestUser.Reviewer1, TestUser.Auditor, TestUser.Admin];

    [Theory]
    [MemberData(nameof(NotLegalLeads))]
    public async Task OnlyALegalLeadPublishesAndARefusalIsAudited(TestUser user)
    {
        var denied = (await app.AuditAsync(AuditActions.AccessDenied)).Count;

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service(user).PublishAsync(ReportPeriod.Parse("2021-H2")));

        Assert.Null(await Service(TestUser.Auditor).CheckAsync(ReportPeriod.Parse("2021-H2")));
        var audit = await app.AuditAsync(AuditActions.AccessDenied);
        Assert.Equal(denied + 1, audit.Count);
        Assert.Equal(user.User.Id, audit[^1].ActorId);
    }
}
