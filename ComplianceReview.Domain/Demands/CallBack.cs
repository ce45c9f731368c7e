using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

public enum CallBackOutcome
{
    /// <summary>The person called confirmed the agency sent this demand.</summary>
    Confirmed,

    /// <summary>The person called said the agency did not send it, or could not confirm it.</summary>
    NotConfirmed,

    NoAnswer,
}

/// <summary>
/// A call made to confirm a demand, to a number taken from the agency directory at the moment it was recorded (the
/// number is copied, so a later change in the directory does not rewrite what was called): who called, whom, when, and
/// what they said.
/// </summary>
public sealed class CallBack
{
    public const int MaxNoteLength = 1000;

    private CallBack()
    {
        ContactName = ContactRole = PhoneNumber = CalledById = CalledByName = Note = "";
    }

    public Guid Id { get; private set; }
    public Guid AgencyId { get; private set; }
    public Guid ContactId { get; private set; }
    public string ContactName { get; private set; }
    public string ContactRole { get; private set; }
    public string PhoneNumber { get; private set; }
    public string CalledById { get; private set; }
    public string CalledByName { get; private set; }
    public DateTimeOffset CalledAt { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public CallBackOutcome Outcome { get; private set; }
    public string Note { get; private set; }

    public UserRef CalledBy => new(CalledById, CalledByName);

    internal static CallBack To(DirectoryAgency agency, AgencyContact contact, UserRef caller, DateTimeOffset calledAt, DateTimeOffset recordedAt,
        CallBackOutcome outcome, string note)
    {
        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainException("Note what was said on the call (who confirmed what).");
        if (trimmed.Length > MaxNoteLength) throw new DomainException($"A call-back note has at most {MaxNoteLength} characters.");
        if (!Enum.IsDefined(outcome)) throw new DomainException("Choose the outcome of the call.");
        return new CallBack
        {
            Id = Guid.NewGuid(),
            AgencyId = agency.Id,
            ContactId = contact.Id,
            ContactName = contact.Name,
            ContactRole = contact.Role,
            PhoneNumber = contact.PhoneNumber,
            CalledById = caller.Id,
            CalledByName = caller.Name,
            CalledAt = calledAt.ToUniversalTime(),
            RecordedAt = recordedAt,
            Outcome = outcome,
            Note = trimmed,
        };
    }
}

/// <summary>The sender pre-checks of one demand, as evaluated now; approval is refused while a blocking one has no confirmed call-back.</summary>
public sealed record SenderAssessment(Guid DemandId, IReadOnlyList<Finding> Findings)
{
    public bool HasBlocking => Findings.Any(f => f.Severity == FindingSeverity.Blocking);
}

/// <summary>A directory agency's record with the provider: how many demands it sent, how many were rejected, when it was last seen.</summary>
public sealed record AgencyHistory(int Demands, int Closed, int Rejected, DateTimeOffset? LastSeen)
{
    public static readonly AgencyHistory None = new(0, 0, 0, null);

    /// <summary>Rejected among the closed demands; null before any is closed.</summary>
    public double? RejectionRate => Closed == 0 ? null : (double)Rejected / Closed;
}

/// <summary>Approval refused because a call-back to a directory number is needed first (its own type, so the refusal can be audited as such).</summary>
public sealed class CallBackRequiredException(string message) : DomainException(message);
