using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceReview.App.Endpoints;

/// <summary>The intake as JSON, for request portals. Same validation and service as the form.</summary>
public sealed record DemandApiRequest
{
    public string? AgencyName { get; init; }
    public string? AgencyCountry { get; init; }
    public string? ProcessType { get; init; }
    public string? IssuingAuthority { get; init; }
    public string? CaseNumber { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public DateOnly? ExpiresOn { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public IReadOnlyList<string>? Targets { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public DateTimeOffset? CoveredFrom { get; init; }
    public DateTimeOffset? CoveredTo { get; init; }
    public string? NonDisclosure { get; init; }
    public DateOnly? NonDisclosureUntil { get; init; }
    public string? EmergencyJustification { get; init; }

    /// <summary>The order document as base64 (PDF, at most 20 MB).</summary>
    public string? OrderDocumentBase64 { get; init; }
    public string? OrderDocumentFileName { get; init; }
}

public sealed record DemandApiFinding(string Code, string Severity, string Message, string? Subject);

public sealed record DemandApiCreated(string Reference, IReadOnlyList<DemandApiFinding> Findings, IReadOnlyList<string> Warnings);

public static class DemandApi
{
    public const long MaxRequestBytes = 30L * 1024 * 1024;

    public static RouteGroupBuilder MapDemandApi(this RouteGroupBuilder group)
    {
        group.MapPost("/demands", CreateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .DisableAntiforgery(); // JSON API for portals: cookie-less callers; CSRF is not possible with a JSON content type.
        return group;
    }

    private static async Task<Results<Created<DemandApiCreated>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        DemandApiRequest request, DemandService demands, TimeProvider time, CancellationToken cancellationToken)
    {
        var (registration, document, problems) = Map(request, time.GetUtcNow());
        if (registration is null) return TypedResults.ValidationProblem(problems, title: "The demand was not registered.");

        try
        {
            var result = await demands.RegisterAsync(registration, document, cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var problem in result.Problems) Add(problems, problem.Field, problem.Message);
                return TypedResults.ValidationProblem(problems, title: "The demand was not registered.");
            }
            var body = new DemandApiCreated(result.Reference!.Value,
                result.Findings.Select(f => new DemandApiFinding(f.Code.ToString(), f.Severity.ToString(), f.Message, f.Subject)).ToList(),
                result.Warnings);
            return TypedResults.Created($"/demands/{result.Reference.Value}", body);
        }
        catch (AccessDeniedException)
        {
            return TypedResults.Forbid();
        }
    }

    /// <summary>Maps the JSON onto a registration; every problem found here is reported together with the domain's.</summary>
    private static (DemandRegistration? Registration, UploadedDocument? Document, Dictionary<string, string[]> Problems) Map(DemandApiRequest r, DateTimeOffset now)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ProcessType type = default;
        if (r.ProcessType is null || !Enum.TryParse(r.ProcessType, ignoreCase: true, out type) || !Enum.IsDefined(type))
            Add(problems, nameof(r.ProcessType), $"Use one of: {string.Join(", ", Enum.GetNames<ProcessType>())}.");

        var categories = new List<DataCategory>();
        foreach (var name in r.Categories ?? [])
        {
            if (Enum.TryParse<DataCategory>(name, ignoreCase: true, out var category) && Enum.IsDefined(category)) categories.Add(category);
            else Add(problems, nameof(r.Categories), $"\"{name}\" is not a data category. Use: {string.Join(", ", Enum.GetNames<DataCategory>())}.");
        }

        var nonDisclosure = NonDisclosureKind.None;
        if (r.NonDisclosure is not null && (!Enum.TryParse(r.NonDisclosure, ignoreCase: true, out nonDisclosure) || !Enum.IsDefined(nonDisclosure)))
            Add(problems, nameof(r.NonDisclosure), $"Use one of: {string.Join(", ", Enum.GetNames<NonDisclosureKind>())}.");

        if (r.IssuedOn is null) Add(problems, nameof(r.IssuedOn), "The date the order was issued is required.");
        if (r.DueAt is null) Add(problems, nameof(r.DueAt), "The due date is required.");

        UploadedDocument? document = null;
        if (r.OrderDocumentBase64 is { } base64)
        {
            var bytes = new byte[base64.Length * 3 / 4 + 3];
            if (Convert.TryFromBase64String(base64, bytes, out var written))
                document = new UploadedDocument(r.OrderDocumentFileName ?? "order.pdf", bytes[..written]);
            else
                Add(problems, "OrderDocument", "The order document is not valid base64.");
        }

        var registration = new DemandRegistration
        {
            AgencyName = r.AgencyName ?? "",
            AgencyCountry = r.AgencyCountry ?? "",
            ProcessType = type,
            IssuingAuthority = r.IssuingAuthority ?? "",
            CaseNumber = r.CaseNumber ?? "",
            IssuedOn = r.IssuedOn ?? DateOnly.FromDateTime(now.UtcDateTime),
            ExpiresOn = r.ExpiresOn,
            ReceivedAt = r.ReceivedAt ?? now,
            DueAt = r.DueAt ?? now,
            Targets = r.Targets ?? [],
            Categories = categories,
            CoveredFrom = r.CoveredFrom,
            CoveredTo = r.CoveredTo,
            NonDisclosure = nonDisclosure,
            NonDisclosureUntil = r.NonDisclosureUntil,
            EmergencyJustification = r.EmergencyJustification,
        };
        if (problems.Count == 0) return (registration, document, problems);

        // Report the domain's problems too, so the caller sees every problem in one answer.
        foreach (var problem in registration.Validate().Where(p => !problems.ContainsKey(p.Field))) Add(problems, problem.Field, problem.Message);
        return (null, null, problems);
    }

    private static void Add(Dictionary<string, string[]> problems, string field, string message) =>
        problems[field] = problems.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
