using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

/// <summary>
/// Limits and refusals of a demand's assignment: who works on it. The reviewer a demand is assigned to is the one who
/// decides on it; anyone else first takes it over (<see cref="LegalDemand.TakeOver"/>), with a reason that is recorded.
/// </summary>
public static class Assignment
{
    public const int MaxNoteLength = 1000;

    internal static string? CheckNote(string? note, bool required, string what)
    {
        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length == 0)
            return required ? throw new DomainException($"Say why ({what}): the note is recorded for the person who takes the demand on.") : null;
        if (trimmed.Length > MaxNoteLength) throw new DomainException($"A note has at most {MaxNoteLength} characters.");
        return trimmed;
    }
}

/// <summary>A reviewer tried to decide on a demand assigned to someone else without taking it over first.</summary>
public sealed class NotAssignedException(string message) : DomainException(message);
