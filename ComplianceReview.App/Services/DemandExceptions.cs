namespace ComplianceReview.App.Services;

/// <summary>The demand changed since the caller loaded it; the caller should reload and decide again.</summary>
public sealed class DemandConflictException(string message) : Exception(message);

public sealed class DemandNotFoundException(string reference) : Exception($"There is no demand {reference}.")
{
    public string Reference { get; } = reference;
}
