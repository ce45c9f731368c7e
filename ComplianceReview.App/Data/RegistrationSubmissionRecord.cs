namespace ComplianceReview.App.Data;

/// <summary>
/// One registration's submission key, written in the transaction that registers the demand: a later submission with the
/// same key by the same principal finds this row and answers with its demand (see <see cref="Services.DemandService.RegisterAsync"/>).
/// The unique index on (principal, key) holds even if two writers ever got past the write lock together.
/// </summary>
public sealed class RegistrationSubmissionRecord
{
    public Guid Id { get; init; }
    public required string RegisteredById { get; init; }
    public required string Key { get; init; }
    public required string Fingerprint { get; init; }
    public Guid DemandId { get; init; }
    public required string DemandReference { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
}
