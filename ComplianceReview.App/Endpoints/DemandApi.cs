using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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

    /// <summary>The order document as base64 (PDF, at most 20 MB), decoded as it is read (no string of it is made).</summary>
    [JsonConverter(typeof(Base64DocumentConverter))]
    public Base64Document? OrderDocumentBase64 { get; init; }
    public string? OrderDocumentFileName { get; init; }
}

/// <summary>A base64 JSON string decoded straight to bytes, or null content when it was not base64 (reported with the other problems).</summary>
public sealed record Base64Document(byte[]? Content);

public sealed class Base64DocumentConverter : JsonConverter<Base64Document>
{
    public override Base64Document Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return new Base64Document(null);
        }
        if (reader.TryGetBytesFromBase64(out var bytes)) return new Base64Document(bytes);
        // Base64 wrapped in lines (as MIME writes it) is not strict base64; the lenient decoder takes it, at the cost of a string.
        var text = reader.GetString()!;
        var decoded = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, decoded, out var written) ? new Base64Document(decoded[..written]) : new Base64Document(null);
    }

    public override void Write(Utf8JsonWriter writer, Base64Document value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Content is null) writer.WriteNullValue();
        else writer.WriteBase64StringValue(value.Content);
    }
}

public sealed record DemandApiFinding(string Code, string Severity, string Message, string? Subject);

public sealed record DemandApiCreated(string Reference, IReadOnlyList<DemandApiFinding> Findings, IReadOnlyList<string> Warnings);

public static class DemandApi
{
    public const long MaxRequestBytes = 30L * 1024 * 1024;

    /// <summary>
    /// The request header that makes a POST safe to retry (IETF draft "The Idempotency-Key HTTP Header Field"): a retry
    /// with the same key and body answers 200 with the demand the first one registered, the same key with another body
    /// is refused with 422.
    /// </summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Set to <c>true</c> on an answer that registered nothing because the key had registered the demand before.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapDemandApi(this RouteGroupBuilder group)
    {
        group.MapPost("/demands", CreateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .DisableAntiforgery(); // JSON API for portals: cookie-less callers; CSRF is not possible with a JSON content type.
        return group;
    }

    private static async Task<Results<Created<DemandApiCreated>, Ok<DemandApiCreated>, ValidationProblem, ForbidHttpResult, ProblemHttpResult, StatusCodeHttpResult>> CreateAsync(
        HttpRequest http, DemandService demands, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType()) return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        SubmissionKey? key = null;
        if (http.Headers.TryGetValue(IdempotencyKeyHeader, out var keyHeader))
        {
            string? keyProblem = null;
            if (keyHeader.Count != 1) keyProblem = "Send one Idempotency-Key header.";
            else if (!SubmissionKey.TryParse(keyHeader[0], out key, out var parseProblem)) keyProblem = parseProblem;
            if (keyProblem is not null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [keyProblem] },
                    title: "The demand was not registered.");
            }
        }
        DemandApiRequest? request;
        RegistrationSubmission? submission;
        try
        {
            var body = await ReadBodyAsync(http, cancellationToken);
            submission = key is null ? null : RegistrationSubmission.OfBytes(key, body);
            request = body.Length == 0 ? null : JsonSerializer.Deserialize<DemandApiRequest>(body, json.Value.SerializerOptions);
        }
        catch (BadHttpRequestException tooLarge)
        {
            return TypedResults.StatusCode(tooLarge.StatusCode);
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The demand was not registered.",
                detail: "The request body is not the JSON of a demand.");
        }
        if (request is null) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The demand was not registered.", detail: "The request body is empty.");

        var (registration, document, problems) = Map(request, time.GetUtcNow());
        if (registration is null) return TypedResults.ValidationProblem(problems, title: "The demand was not registered.");

        try
        {
            var result = await demands.RegisterAsync(registration, document, submission, cancellationToken);
            if (result.KeyUsedFor is { } used)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The demand was not registered.",
                    detail: $"This Idempotency-Key registered {used} with a different request body. Send a retry with the same body, or a new request with a new key.");
            }
            if (!result.Succeeded)
            {
                foreach (var problem in result.Problems) Add(problems, problem.Field, problem.Message);
                return TypedResults.ValidationProblem(problems, title: "The demand was not registered.");
            }
            var body = new DemandApiCreated(result.Reference!.Value,
                result.Findings.Select(f => new DemandApiFinding(f.Code.ToString(), f.Severity.ToString(), f.Message, f.Subject)).ToList(),
                result.Warnings);
            if (result.Replayed)
            {
                http.HttpContext.Response.Headers.Location = $"/demands/{result.Reference.Value}";
                http.HttpContext.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Ok(body);
            }
            return TypedResults.Created($"/demands/{result.Reference.Value}", body);
        }
        catch (AccessDeniedException)
        {
            return TypedResults.Forbid();
        }
    }

    /// <summary>
    /// The body in one array of its declared size, parsed from there: the serializer's streaming read would hold a 27 MB base64
    /// token in pooled buffers that it grows by doubling and the pool keeps afterwards (measured: 60 to 125 MB retained per
    /// large upload). Kestrel stops a body over <see cref="MaxRequestBytes"/> as it is read.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        byte[] body;
        if (http.ContentLength is { } length and >= 0 and <= MaxRequestBytes)
        {
            body = new byte[length];
            await http.Body.ReadExactlyAsync(body, cancellationToken);
        }
        else
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        return body;
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
            if (base64.Content is { } bytes) document = new UploadedDocument(r.OrderDocumentFileName ?? "order.pdf", bytes);
            else Add(problems, "OrderDocument", "The order document is not valid base64.");
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
