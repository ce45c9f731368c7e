using System.Globalization;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ComplianceReview.App.Components.Pages.Demands;

public partial class IntakeForm
{
    private readonly IntakeModel _model = new();
    private MudForm? _form;
    private IReadOnlyList<FieldProblem> _problems = [];
    private IReadOnlyList<DemandReference> _duplicates = [];
    private UploadedDocument? _document;
    private string? _documentProblem;
    private DocumentActiveContent _documentActiveContent;
    private bool _checkingDocument;
    private int _documentSelection;
    private string? _error;
    private bool _submitting;
    private bool _attempted;

    /// <summary>
    /// One key for everything this form submits: a second click, a retry after an error or a resend after the circuit
    /// reconnected registers nothing new and opens the demand the first submission registered.
    /// </summary>
    private readonly SubmissionKey _submissionKey = SubmissionKey.New();

    [Inject] private TimeProvider Time { get; set; } = default!;

    /// <summary>The same bounded check the service runs again at registration; it runs off the circuit's thread.</summary>
    [Inject] private OrderDocumentCheck DocumentCheck { get; set; } = default!;

    /// <summary>Registers the demand (the page passes <see cref="DemandService.RegisterAsync"/>).</summary>
    [Parameter, EditorRequired] public Func<DemandRegistration, UploadedDocument?, RegistrationSubmission, Task<RegistrationResult>> Register { get; set; } = default!;

    /// <summary>Demands with the same agency and case number (the page passes <see cref="DemandService.FindDuplicatesAsync"/>).</summary>
    [Parameter, EditorRequired] public Func<string, string, Task<IReadOnlyList<DemandReference>>> FindDuplicates { get; set; } = default!;

    /// <summary>The agency directory, for the agency picker.</summary>
    [Parameter] public IReadOnlyList<Domain.Agencies.DirectoryAgency> Directory { get; set; } = [];

    /// <summary>What an e-mail message taken in says (sender, date, agency, order PDF); applied once per message.</summary>
    [Parameter] public Email.IntakePrefill? Prefill { get; set; }

    /// <summary>Called with the new reference once the demand is registered.</summary>
    [Parameter] public EventCallback<DemandReference> Registered { get; set; }

    protected override void OnInitialized()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        _model.ReceivedOn = now.Date;
        _model.ReceivedTime = new TimeSpan(now.Hour, now.Minute, 0);
    }

    protected override void OnParametersSet()
    {
        if (Prefill is not { } prefill || prefill.MessageSha256 == _model.SourceMessageSha256) return;
        _model.SourceMessageSha256 = prefill.MessageSha256;
        _model.SenderAddress = prefill.Sender;
        if (prefill.Agency is { } agency)
        {
            _model.AgencyChoice = agency.Id.ToString();
            _model.AgencyName = agency.Name;
            _model.AgencyCountry = agency.CountryCode;
        }
        if (prefill.SentAt is { } sent)
        {
            _model.ReceivedOn = sent.UtcDateTime.Date;
            _model.ReceivedTime = new TimeSpan(sent.UtcDateTime.Hour, sent.UtcDateTime.Minute, 0);
        }
        if (prefill.OrderDocument is { } order)
        {
            _document = order;
            _documentProblem = null;
            _documentActiveContent = prefill.OrderActiveContent;
        }
    }

    private bool Has(string field) => _problems.Any(p => p.Field == field);

    private string? ErrorFor(string field) =>
        Has(field) ? string.Join(" ", _problems.Where(p => p.Field == field).Select(p => p.Message)) : null;

    private bool HasTargets => _problems.Any(p => IsTargetField(p.Field));

    private string? TargetErrors => HasTargets ? string.Join(" ", _problems.Where(p => IsTargetField(p.Field)).Select(p => p.Message)) : null;

    private static bool IsTargetField(string field) =>
        field == nameof(DemandRegistration.Targets) || field.StartsWith(nameof(DemandRegistration.Targets) + "[", StringComparison.Ordinal);

    /// <summary>After a first attempt, problems follow the edits, so a fixed field loses its message at once.</summary>
    private void Revalidate()
    {
        if (_attempted) _problems = AllProblems();
    }

    private IReadOnlyList<FieldProblem> AllProblems() =>
        _documentProblem is null ? _model.Check() : [.. _model.Check(), new FieldProblem(nameof(DemandRegistration.OrderDocument), _documentProblem)];

    private void ToggleCategory(DataCategory category, bool selected)
    {
        if (selected) _model.Categories.Add(category);
        else _model.Categories.Remove(category);
        Revalidate();
    }

    private async Task AgencyOrCaseChangedAsync()
    {
        Revalidate();
        if (string.IsNullOrWhiteSpace(_model.AgencyName) || string.IsNullOrWhiteSpace(_model.CaseNumber))
        {
            _duplicates = [];
            return;
        }
        _duplicates = await FindDuplicates(_model.AgencyName, _model.CaseNumber);
    }

    private async Task DocumentSelectedAsync(InputFileChangeEventArgs e)
    {
        var selection = ++_documentSelection;
        _document = null;
        _documentProblem = null;
        _documentActiveContent = DocumentActiveContent.None;
        _checkingDocument = true;
        var file = e.File;
        string? problem;
        UploadedDocument? document = null;
        var activeContent = DocumentActiveContent.None;
        try
        {
            // The limit is enforced while reading: a larger stream throws instead of filling memory.
            await using var stream = file.OpenReadStream(maxAllowedSize: OrderDocument.MaxSizeBytes);
            using var buffer = new MemoryStream((int)Math.Min(file.Size, OrderDocument.MaxSizeBytes));
            await stream.CopyToAsync(buffer);
            // Sized to the file, so the buffer is usually the upload itself: no second copy of 20 MB.
            var bytes = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
            var verdict = await DocumentCheck.CheckAsync(bytes);
            problem = verdict.Problem;
            activeContent = verdict.ActiveContent;
            if (problem is null) document = new UploadedDocument(file.Name, bytes);
        }
        catch (IOException)
        {
            problem = $"{file.Name} is {Size(file.Size)}; the order document can be at most 20 MB. Upload a smaller scan.";
        }
        // A later selection replaced this one while it was being checked: its answer is the one that counts.
        if (selection != _documentSelection) return;

        _checkingDocument = false;
        _document = document;
        _documentProblem = problem;
        _documentActiveContent = activeContent;
        _problems = [.. _problems.Where(p => p.Field != nameof(DemandRegistration.OrderDocument))];
        if (_documentProblem is not null) _problems = [.. _problems, new FieldProblem(nameof(DemandRegistration.OrderDocument), _documentProblem)];
    }

    private async Task SubmitAsync()
    {
        if (_submitting || _checkingDocument) return;
        _submitting = true;
        _error = null;
        _attempted = true;
        try
        {
            _problems = AllProblems();
            if (_problems.Count > 0) return;

            var registration = _model.ToRegistration(Time.GetUtcNow());
            var documentSha256 = _document is null ? null : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(_document.Content));
            var result = await Register(registration, _document, RegistrationSubmission.Of(_submissionKey, registration, documentSha256));
            if (result.KeyUsedFor is not null)
            {
                _error = string.Join(" ", result.Problems.Select(p => p.Message));
                return;
            }
            if (!result.Succeeded)
            {
                _problems = result.Problems;
                return;
            }
            await Registered.InvokeAsync(result.Reference!);
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _submitting = false;
        }
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");
}
