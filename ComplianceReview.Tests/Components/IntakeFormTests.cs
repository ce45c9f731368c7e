using AngleSharp.Dom;
using Bunit;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Documents.Hostile;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

public sealed class IntakeFormTests : MudTestContext
{
    /// <summary>The document check runs on its own thread; its answer arrives a moment after the upload.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(20);

    private readonly List<DemandRegistration> _registered = [];
    private readonly List<RegistrationSubmission> _submissions = [];

    public IntakeFormTests()
    {
        // The real check the app registers, on real time: the form must show what it answers.
        Services.AddSingleton(_ => new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System));
        Services.AddSingleton(sp => new OrderDocumentCheck(sp.GetRequiredService<BoundedDocumentCheck>(), PdfScanLimits.Default, NullLogger<OrderDocumentCheck>.Instance));
    }
    private readonly List<(string Agency, string CaseNumber)> _duplicateChecks = [];
    private IReadOnlyList<DemandReference> _duplicates = [];

    private IRenderedComponent<IntakeForm> RenderForm()
    {
        Render<MudPopoverProvider>();
        return Render<IntakeForm>(p => p
            .Add(f => f.Register, (registration, _, submission) =>
            {
                _registered.Add(registration);
                _submissions.Add(submission);
                return Task.FromResult(new RegistrationResult(DemandReference.Create(2026, 1), [], [], []));
            })
            .Add(f => f.FindDuplicates, (agency, caseNumber) =>
            {
                _duplicateChecks.Add((agency, caseNumber));
                return Task.FromResult(_duplicates);
            }));
    }

    /// <summary>The MudBlazor input control around the element with this id: its label, input and helper/error text.</summary>
    private static IElement FieldOf(IRenderedComponent<IntakeForm> cut, string inputId) =>
        cut.Find($"#{inputId}").Closest(".mud-input-control") ?? throw new InvalidOperationException($"No input control around #{inputId}.");

    [Fact]
    public void SubmittingAnEmptyFormShowsEachProblemBesideItsFieldAndRegistersNothing()
    {
        var cut = RenderForm();

        cut.Find("#intake-submit").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#intake-summary")));
        Assert.Contains("The requesting agency is required.", FieldOf(cut, "intake-agency").TextContent, StringComparison.Ordinal);
        Assert.Contains("ISO 3166-1 alpha-2", FieldOf(cut, "intake-country").TextContent, StringComparison.Ordinal);
        Assert.Contains("The case number is required.", FieldOf(cut, "intake-case-number").TextContent, StringComparison.Ordinal);
        Assert.Contains("issuing court or authority is required", FieldOf(cut, "intake-authority").TextContent, StringComparison.Ordinal);
        Assert.Contains("Name at least one account", FieldOf(cut, "intake-targets").TextContent, StringComparison.Ordinal);
        Assert.Contains("Choose a process type.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Choose at least one data category.", cut.Find("#intake-categories-error").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("The requesting agency is required.", FieldOf(cut, "intake-case-number").TextContent, StringComparison.Ordinal);
        Assert.Empty(_registered);
    }

    [Fact]
    public void AFixedFieldLosesItsMessageAfterTheFirstAttempt()
    {
        var cut = RenderForm();
        cut.Find("#intake-submit").Click();
        cut.WaitForAssertion(() => Assert.Contains("The requesting agency is required.", FieldOf(cut, "intake-agency").TextContent, StringComparison.Ordinal));

        cut.Find("#intake-agency").Change("Bundeskriminalamt");

        cut.WaitForAssertion(() => Assert.DoesNotContain("The requesting agency is required.", FieldOf(cut, "intake-agency").TextContent, StringComparison.Ordinal));
        Assert.Contains("The case number is required.", FieldOf(cut, "intake-case-number").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void EachIdentifierLineShowsItsNormalisedFormOrWhyItIsRefused()
    {
        var cut = RenderForm();

        cut.Find("#intake-targets").Input("  Alice.Smith@Contoso.COM \n\n*@contoso.com\n+1 (555) 010-9999\nall users\nx!");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll(".identifier-feedback li").Count));
        IElement Line(int n) => cut.Find($".identifier-feedback li[data-line='{n}']");
        Assert.Equal("alice.smith@contoso.com", Line(1).QuerySelector(".normalised")!.TextContent);
        Assert.Contains("Wildcards", Line(2).QuerySelector(".refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("+15550109999", Line(3).QuerySelector(".normalised")!.TextContent);
        Assert.Contains("blanket requests are refused", Line(4).QuerySelector(".refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("not a valid account id", Line(5).QuerySelector(".refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Null(Line(1).QuerySelector(".refusal"));
        Assert.Empty(_registered);
    }

    [Fact]
    public void AnOrderDocumentOver20MegabytesIsRefusedWithAClearMessage()
    {
        var cut = RenderForm();
        var big = new byte[OrderDocument.MaxSizeBytes + 1];
        "%PDF-"u8.CopyTo(big);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(big, "scan.pdf", contentType: "application/pdf"));

        cut.WaitForAssertion(() => Assert.Contains("at most 20 MB", cut.Find(".document-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void ADocumentThatIsNotAPdfIsRefusedByItsContent()
    {
        var cut = RenderForm();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary("GIF89a pretending"u8.ToArray(), "order.pdf", contentType: "application/pdf"));

        cut.WaitForAssertion(() => Assert.Contains("not a PDF", cut.Find(".document-error").TextContent, StringComparison.Ordinal), CheckTimeout);
    }

    [Fact]
    public void AHostileDocumentIsRefusedWithTheChecksMessageAndBlocksRegistration()
    {
        var cut = RenderForm();
        var deep = HostilePdfs.Bytes(HostilePdfs.Case("DeepArrays20000"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(deep, "order.pdf", contentType: "application/pdf"));

        cut.WaitForAssertion(() => Assert.Equal(OrderDocumentCheck.Message(OrderDocumentRefusal.NestingTooDeep), cut.Find(".document-error").TextContent.Trim()),
            CheckTimeout);
        Assert.Contains("nested more than 64 levels deep", cut.Find(".document-error").TextContent, StringComparison.Ordinal);
        cut.Find("#intake-submit").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#intake-summary")));
        Assert.Empty(_registered);
    }

    [Fact]
    public void ADocumentWithActiveContentIsAcceptedWithANoticeOfWhatItHolds()
    {
        var cut = RenderForm();
        var scripted = HostilePdfs.Bytes(HostilePdfs.Case("JavaScriptAndEmbeddedHtml"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(scripted, "order.pdf", contentType: "application/pdf"));

        cut.WaitForAssertion(() => Assert.Contains("JavaScript, an embedded file", cut.Find(".document-notice").TextContent, StringComparison.Ordinal),
            CheckTimeout);
        Assert.Empty(cut.FindAll(".document-error"));
    }

    [Fact]
    public void TheSameAgencyAndCaseNumberShowAWarningOnceBothAreFilled()
    {
        _duplicates = [DemandReference.Create(2026, 42)];
        var cut = RenderForm();

        cut.Find("#intake-agency").Change("Bundeskriminalamt");
        Assert.Empty(_duplicateChecks);
        cut.Find("#intake-case-number").Change("BKA-2026-7");

        cut.WaitForAssertion(() => Assert.Contains("LD-2026-000042", cut.Find("#intake-duplicates").TextContent, StringComparison.Ordinal));
        Assert.Equal([("Bundeskriminalamt", "BKA-2026-7")], _duplicateChecks);
    }
}
