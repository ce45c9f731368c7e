using ComplianceReview.Domain.Common;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Documents;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Audit;

/// <summary>The case record's content: a demand taken through approval, send-back, re-approval and sign-off.</summary>
public sealed class CaseRecordTests : FreshAppTests
{
    private static readonly IReadOnlyDictionary<string, string> WordsOfAuditActions = Words.AuditActions;

    private const string FirstReason = "The order is valid and names the accounts specifically.";
    private const string SecondReason = "Narrowed to the subscriber identity of the first account only.";
    private const string Note = "Narrow the scope to the account the affidavit describes.";
    private static readonly string PackageSha = new('c', 64);

    private async Task<string> SignedOffDemandAsync()
    {
        var reviewer = App.ServiceAs<DemandService>(TestUser.Reviewer1);
        var reference = (await reviewer.RegisterAsync(Registrations.CourtOrder(App.Time.GetUtcNow()), null)).Reference!.Value;
        var demand = (await reviewer.FindAsync(reference))!;
        demand = await reviewer.StartReviewAsync(reference, demand.Version);
        demand = await reviewer.ApproveAsync(reference, demand.Version, FirstReason);
        demand = await App.ServiceAs<DemandService>(TestUser.LegalLead2).SendBackAsync(reference, demand.Version, Note);
        demand = await reviewer.ApprovePartiallyAsync(reference, demand.Version, SecondReason, [demand.RequestedScope.Identifiers[0]],
            [DataCategory.SubscriberIdentity], null);

        // The package layer is another branch; attach its result through the domain, as it will.
        await App.Services.GetRequiredService<ComplianceWriter>().WriteAsync(async db =>
        {
            var tracked = await db.Demands.SingleAsync(d => d.Id == demand.Id);
            tracked.AttachPackage(new DisclosurePackageInfo(PackageSha, 3, "LD-000001", "LD-000003", new string('d', 64), 1, 0,
                App.Time.GetUtcNow(), TestUser.LegalLead1.User.Id, TestUser.LegalLead1.User.Name));
        });
        demand = (await reviewer.FindAsync(reference))!;
        await App.ServiceAs<DemandService>(TestUser.LegalLead1).SignOffAsync(reference, demand.Version, PackageSha);
        return reference;
    }

    [Fact]
    public async Task TheRecordHoldsDecisionsWithReasonsSignOffsPackageHashAndTheDemandsEntries()
    {
        var reference = await SignedOffDemandAsync();
        await App.Services.GetRequiredService<ComplianceWriter>().RecordAsync(TestUser.Reviewer2.User, AuditActions.SignedIn, null);

        var record = await App.ServiceAs<AuditExportService>(TestUser.Auditor).ExportCaseRecordAsync(reference.ToLowerInvariant());

        Assert.Equal($"Case record {reference}", record.Title);
        var demand = record.Section(CaseRecordContent.Demand).Fields.ToDictionary(f => f.Label, f => f.Value);
        Assert.Equal("Disclosed", demand["Status"]);
        Assert.Equal("Non-content only", demand["Outcome"]);

        var decisions = record.Section(CaseRecordContent.Decisions).Table!.Rows;
        Assert.Equal(["Approved", "Approved in part"], decisions.Select(r => r[2]));
        Assert.Equal([FirstReason, SecondReason], decisions.Select(r => r[4]));
        Assert.Contains("Riley Reviewer (dev-reviewer-1)", decisions[0][1], StringComparison.Ordinal);
        Assert.Contains("Subscriber", decisions[1][5], StringComparison.Ordinal);

        var signOffs = record.Section(CaseRecordContent.SignOffs).Table!.Rows;
        Assert.Equal(["Sent back", "Signed off"], signOffs.Select(r => r[2]));
        Assert.Equal(Note, signOffs[0][3]);
        Assert.Equal(PackageSha, signOffs[1][4]);
        Assert.Contains(record.Section(CaseRecordContent.Package).Fields, f => f.Label == "Package SHA-256" && f.Value == PackageSha);
        Assert.Contains(record.Section(CaseRecordContent.Findings).Table!.Rows, r => r[1] == "Account not found");

        var entries = record.Section(CaseRecordContent.AuditEntries).Table!.Rows;
        Assert.Equal(
            [AuditActions.DemandRegistered, AuditActions.ReviewStarted, AuditActions.SnapshotTaken, AuditActions.DemandApproved, AuditActions.SentBack,
             AuditActions.SnapshotTaken, AuditActions.DemandApprovedPartially, AuditActions.SignedOff, AuditActions.CaseRecordExported],
            entries.Select(r => r[3]).Select(words => Assert.Single(WordsOfAuditActions, a => a.Value == words).Key));
        Assert.DoesNotContain(entries, r => r[3] == Words.OfAuditAction(AuditActions.SignedIn));

        var last = (await AuditTestKit.ChainAsync(App))[^1];
        Assert.Equal((AuditActions.CaseRecordExported, reference, TestUser.Auditor.User.Id), (last.Action, last.DemandReference, last.ActorId));
        Assert.Equal(new AuditHead(last.Sequence, last.Hash), record.Head);
        Assert.Equal($"Head digest: {last.Sequence}:{last.Hash}", record.HeadDigestLine);
        Assert.Equal(last.Hash, entries[^1][6]);
    }

    [Fact]
    public async Task TheRecordPdfPrintsTheDecisionsReasonsPackageHashAndTheDemandsEntriesUnderItsOwnHeadDigest()
    {
        var reference = await SignedOffDemandAsync();

        var record = await App.ServiceAs<AuditExportService>(TestUser.Auditor).ExportCaseRecordAsync(reference);
        var pdf = await App.Services.GetRequiredService<RecordPdfRenderer>().RenderAsync(record);
        var read = PdfReadBack.Read(pdf);
        var text = read.NormalisedText;

        foreach (var expected in new[] { $"Case record {reference}", FirstReason, SecondReason, Note, PackageSha, "Riley Reviewer (dev-reviewer-1)" })
            Assert.Contains(PdfReadBack.Normalise(expected), text, StringComparison.Ordinal);
        var chain = await AuditTestKit.ChainAsync(App);
        var demandEntries = chain.Where(e => e.DemandReference == reference).ToList();
        Assert.NotEmpty(demandEntries);
        Assert.All(demandEntries, e =>
        {
            Assert.Contains(e.Hash, text, StringComparison.Ordinal);
            Assert.Contains(PdfReadBack.Normalise(Words.OfAuditAction(e.Action)), text, StringComparison.Ordinal);
            Assert.DoesNotContain(e.Action, text, StringComparison.Ordinal);
        });
        Assert.All(chain.Where(e => e.DemandReference != reference), e => Assert.DoesNotContain(e.Hash, text, StringComparison.Ordinal));

        var own = chain[^1];
        Assert.Equal((AuditActions.CaseRecordExported, reference), (own.Action, own.DemandReference));
        Assert.All(read.Pages.Select((page, i) => (Text: PdfReadBack.Normalise(page), Number: i + 1)), page =>
        {
            Assert.Contains(PdfReadBack.Normalise($"Head digest: {own.Sequence}:{own.Hash}"), page.Text, StringComparison.Ordinal);
            Assert.Contains(PdfReadBack.Normalise($"Page {page.Number} of {read.Pages.Count}"), page.Text, StringComparison.Ordinal);
        });
        Assert.Equal($"Case record {reference}", read.Information["Title"]);
    }

    [Fact]
    public async Task AnOpenDemandSaysWhatIsMissingInsteadOfEmptySections()
    {
        var reviewer = App.ServiceAs<DemandService>(TestUser.Reviewer1);
        var reference = (await reviewer.RegisterAsync(Registrations.CourtOrder(App.Time.GetUtcNow()), null)).Reference!.Value;

        var record = await App.ServiceAs<AuditExportService>(TestUser.Auditor).ExportCaseRecordAsync(reference);

        Assert.Equal("No decision has been recorded.", record.Section(CaseRecordContent.Decisions).EmptyText);
        Assert.Equal("No disclosure package is attached.", record.Section(CaseRecordContent.Package).EmptyText);
        Assert.Null(record.Section(CaseRecordContent.AuditEntries).EmptyText);
        Assert.Equal("Open", record.Section(CaseRecordContent.Demand).Fields.Single(f => f.Label == "Outcome").Value);
    }

    [Theory]
    [InlineData("LD-2026-999999")]
    [InlineData("not-a-reference")]
    public async Task AnUnknownDemandIsNotFoundAndNotRecordedAsExported(string reference)
    {
        await Assert.ThrowsAsync<DemandNotFoundException>(() => App.ServiceAs<AuditExportService>(TestUser.Auditor).ExportCaseRecordAsync(reference));

        Assert.DoesNotContain(await AuditTestKit.ChainAsync(App), e => e.Action == AuditActions.CaseRecordExported);
    }
}
