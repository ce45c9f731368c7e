using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Email;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Requesters;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Audit;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Requesters;

/// <summary>The directory, call-backs and e-mail intake through the app's services on a real SQLite database, audit included.</summary>
public sealed class RequesterServiceTests : FreshAppTests
{
    private async Task<ComplianceReview.Domain.Agencies.DirectoryAgency> VerifiedFbiAsync()
    {
        var directory = App.ServiceAs<AgencyDirectoryService>(TestUser.Admin);
        var agency = await directory.CreateAsync("Federal Bureau of Investigation", "US", ["fbi.gov"]);
        agency = await directory.AddContactAsync(agency.Id, agency.Version, "Dana Whitfield", "Legal liaison", "+1 202 324 3000", "liaison@fbi.gov", "fbi.gov contact page");
        return await directory.VerifyAsync(agency.Id, agency.Version);
    }

    [Fact]
    public async Task OnlyAdministratorsChangeTheDirectoryAndEveryChangeIsAudited()
    {
        var agency = await VerifiedFbiAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => App.ServiceAs<AgencyDirectoryService>(TestUser.Reviewer1).SuspendAsync(agency.Id, agency.Version, "No."));
        await Assert.ThrowsAsync<AgencyConflictException>(() => App.ServiceAs<AgencyDirectoryService>(TestUser.Admin).SuspendAsync(agency.Id, agency.Version - 1, "Stale."));

        var chain = await AuditTestKit.ChainAsync(App);
        var actions = chain.Where(e => e.ActorId == TestUser.Admin.User.Id).Select(e => e.Action).ToList();
        Assert.Equal(["AgencyCreated", "AgencyDomainAdded", "AgencyContactAdded", "AgencyVerified"], actions.Where(a => a.StartsWith("Agency", StringComparison.Ordinal)));
        Assert.Contains(chain, e => e.Action == AuditActions.AccessDenied && e.ActorId == TestUser.Reviewer1.User.Id);
        var stored = (await App.ServiceAs<AgencyDirectoryService>(TestUser.Auditor).FindAsync(agency.Id))!.Agency;
        Assert.Equal(ComplianceReview.Domain.Agencies.AgencyStatus.Verified, stored.Status);
        Assert.Equal(TestUser.Admin.User.Id, stored.VerifiedById);
    }

    [Fact]
    public async Task EmergencyApprovalIsRefusedAndAuditedUntilACallBackIsRecorded()
    {
        var agency = await VerifiedFbiAsync();
        var now = App.Time.GetUtcNow();
        var registration = Registrations.CourtOrder(now) with
        {
            ProcessType = ProcessType.EmergencyRequest,
            EmergencyJustification = "Credible threat to life.",
            Categories = [DataCategory.SubscriberIdentity],
            CoveredFrom = null,
            CoveredTo = null,
            DirectoryAgencyId = agency.Id,
            SenderAddress = "liaison@fbi.gov",
        };
        var demands = App.ServiceAs<DemandService>(TestUser.Reviewer1);
        var reference = (await demands.RegisterAsync(registration, null)).Reference!.Value;
        var demand = await demands.StartReviewAsync(reference, 0);

        var refused = await Assert.ThrowsAsync<CallBackRequiredException>(() => demands.ApproveAsync(reference, demand.Version, "Imminent danger; the scope is minimal."));
        Assert.Contains("call the agency back", refused.Message, StringComparison.Ordinal);
        Assert.Contains(await AuditTestKit.ChainAsync(App), e => e.Action == RequesterAuditActions.ApprovalRefusedWithoutCallBack && e.DemandReference == reference);

        var requesters = App.ServiceAs<RequesterVerification>(TestUser.Reviewer1);
        demand = await requesters.RecordCallBackAsync(reference, demand.Version, agency.Contacts[0].Id, CallBackOutcome.Confirmed, now.AddMinutes(-5),
            "Dana Whitfield confirmed the request and its case number.");
        var approved = await demands.ApproveAsync(reference, demand.Version, "Imminent danger; confirmed by phone; the scope is minimal.");

        Assert.Equal(DemandStatus.AwaitingSignOff, approved.Status);
        var call = Assert.Single((await demands.FindAsync(reference))!.CallBacks);
        Assert.Equal("+12023243000", call.PhoneNumber);
        Assert.Equal(TestUser.Reviewer1.User.Id, call.CalledById);
        var entry = Assert.Single(await AuditTestKit.ChainAsync(App), e => e.Action == RequesterAuditActions.CallBackRecorded);
        Assert.Contains("12023243000", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageAndAttachmentsAreKeptUnchangedAndTheFormIsPrefilled()
    {
        var agency = await VerifiedFbiAsync();
        var pdf = TestPdfs.Order;
        var eml = Encoding.ASCII.GetBytes(
            "From: Dana Whitfield <liaison@fbi.gov>\r\nTo: le@provider.example\r\nSubject: Court order US-2026-1\r\nDate: Mon, 02 Nov 2026 08:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n"
            + "--b\r\nContent-Type: application/pdf; name=\"order.pdf\"\r\nContent-Disposition: attachment; filename=\"order.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(pdf, Base64FormattingOptions.InsertLineBreaks) + "\r\n"
            + "--b\r\nContent-Type: image/png; name=\"logo.png\"\r\nContent-Disposition: attachment; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n");

        var result = await App.ServiceAs<EmailIntakeService>(TestUser.Reviewer1).ReceiveAsync("demand.eml", eml);

        var prefill = result.Prefill!;
        Assert.Null(result.Problem);
        Assert.Equal("liaison@fbi.gov", prefill.Sender);
        Assert.Equal(agency.Id, prefill.Agency!.Id);
        Assert.Equal(pdf, prefill.OrderDocument!.Content);
        Assert.Equal(2, prefill.Attachments.Count);
        Assert.StartsWith("refused as an order document", prefill.Attachments.Single(a => a.FileName == "logo.png").Check, StringComparison.Ordinal);
        Assert.Equal("accepted", prefill.Attachments.Single(a => a.FileName == "order.pdf").Check);
        await using var db = App.CreateDbContext();
        var message = await db.Documents.SingleAsync(d => d.Sha256 == Convert.ToHexStringLower(SHA256.HashData(eml)));
        Assert.Equal(eml, message.Content);
        Assert.Equal("message/rfc822", message.ContentType);
        Assert.Equal(pdf, (await db.Documents.SingleAsync(d => d.Sha256 == Convert.ToHexStringLower(SHA256.HashData(pdf)))).Content);
        Assert.Equal(2, (await db.ReceivedMessages.Include(m => m.Attachments).SingleAsync()).Attachments.Count);

        var refused = await App.ServiceAs<EmailIntakeService>(TestUser.Reviewer1).ReceiveAsync("junk.eml", Encoding.ASCII.GetBytes("not a message at all"));
        Assert.NotNull(refused.Problem);
        Assert.Contains(await AuditTestKit.ChainAsync(App), e => e.Action == RequesterAuditActions.EmailMessageRefused);
        await Assert.ThrowsAsync<AccessDeniedException>(() => App.ServiceAs<EmailIntakeService>(TestUser.Auditor).ReceiveAsync("demand.eml", eml));
    }

    [Fact]
    public async Task RegistrationWithAnAgencyNotInTheDirectoryIsRefusedByField()
    {
        var registration = Registrations.CourtOrder(App.Time.GetUtcNow()) with { DirectoryAgencyId = Guid.NewGuid() };
        var result = await App.ServiceAs<DemandService>(TestUser.Reviewer1).RegisterAsync(registration, null);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Field == nameof(DemandRegistration.DirectoryAgencyId));
    }
}
