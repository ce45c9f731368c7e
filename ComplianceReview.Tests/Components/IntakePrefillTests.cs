using Bunit;
using ComplianceReview.App.Components.Pages.Demands;
using ComplianceReview.App.Data;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Email;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Domain;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace ComplianceReview.Tests.Components;

/// <summary>The intake form opened from an e-mail message, and the explicit choice of a directory agency or "unknown".</summary>
public sealed class IntakePrefillTests : MudTestContext
{
    private readonly List<DemandRegistration> _registered = [];

    public IntakePrefillTests()
    {
        Services.AddSingleton(_ => new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System));
        Services.AddSingleton(sp => new OrderDocumentCheck(sp.GetRequiredService<BoundedDocumentCheck>(), PdfScanLimits.Default, NullLogger<OrderDocumentCheck>.Instance));
    }

    private IRenderedComponent<IntakeForm> RenderForm(IntakePrefill? prefill, params ComplianceReview.Domain.Agencies.DirectoryAgency[] directory)
    {
        Render<MudPopoverProvider>();
        return Render<IntakeForm>(p => p
            .Add(f => f.Register, (registration, _, _) =>
            {
                _registered.Add(registration);
                return Task.FromResult(new RegistrationResult(DemandReference.Create(2026, 1), [], [], []));
            })
            .Add(f => f.FindDuplicates, (_, _) => Task.FromResult<IReadOnlyList<DemandReference>>([]))
            .Add(f => f.Directory, directory)
            .Add(f => f.Prefill, prefill));
    }

    [Fact]
    public void MessageFillsSenderAgencyDateAndOrderDocument()
    {
        var agency = DemandBuilder.VerifiedAgency();
        var sent = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);
        var prefill = new IntakePrefill(new string('a', 64), "liaison@met.police.uk", sent, "Order", agency,
            new UploadedDocument("order.pdf", TestPdfs.Order), DocumentActiveContent.None, []);

        var cut = RenderForm(prefill, agency);

        Assert.Equal("liaison@met.police.uk", cut.Find("#intake-sender").GetAttribute("value"));
        Assert.Equal(agency.Id.ToString(), cut.Find("#intake-directory-agency").GetAttribute("value"));
        Assert.Equal("Metropolitan Police Service", cut.Find("#intake-agency").GetAttribute("value"));
        Assert.Equal("2026-03-01", cut.Find("#intake-received-on").GetAttribute("value"));
        Assert.Contains("order.pdf", cut.Find("#intake-document-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AgencyMustBeChosenFromTheDirectoryOrMarkedUnknown()
    {
        var cut = RenderForm(null, DemandBuilder.VerifiedAgency());

        cut.Find("#intake-submit").Click();
        cut.WaitForAssertion(() => Assert.Contains("Choose the agency from the directory, or mark it unknown.",
            cut.Find("#intake-directory-agency-help").TextContent, StringComparison.Ordinal));

        cut.Find("#intake-directory-agency").Change(IntakeModel.UnknownAgency);
        cut.WaitForAssertion(() => Assert.DoesNotContain("Choose the agency", cut.Find("#intake-directory-agency-help").TextContent, StringComparison.Ordinal));
        Assert.Empty(_registered);
    }
}
