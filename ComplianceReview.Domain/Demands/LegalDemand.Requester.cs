using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;

namespace ComplianceReview.Domain.Demands;

/// <summary>Where the demand came from: its directory agency (or none: unknown), its sender, and the call-backs that confirmed it.</summary>
public sealed partial class LegalDemand
{
    private readonly List<CallBack> _callBacks = [];

    /// <summary>The directory agency the demand is from; null means it was explicitly registered as unknown to the directory.</summary>
    public Guid? DirectoryAgencyId { get; private set; }

    /// <summary>The address the demand was sent from, when it came by e-mail (or the reviewer recorded it).</summary>
    public SenderAddress? Sender { get; private set; }

    /// <summary>The SHA-256 of the e-mail message it arrived in, kept unchanged as evidence; null when it did not come as a message.</summary>
    public string? SourceMessageSha256 { get; private set; }

    public IReadOnlyList<CallBack> CallBacks => _callBacks;

    public bool IsAgencyUnknown => DirectoryAgencyId is null;

    /// <summary>
    /// Links the demand to a directory agency (for a demand registered as unknown, or linked to the wrong one). Any
    /// call-back made to another agency's number no longer counts.
    /// </summary>
    public void LinkAgency(DirectoryAgency agency, UserRef by)
    {
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentNullException.ThrowIfNull(by);
        if (Status is not (DemandStatus.Received or DemandStatus.InReview))
            throw new DomainException($"The agency of {Reference} can only be changed before it is decided (it is {Status}).");
        if (DirectoryAgencyId == agency.Id) throw new DomainException($"{Reference} is already linked to {agency.Name}.");
        DirectoryAgencyId = agency.Id;
        Version++;
    }

    /// <summary>
    /// Records a call-back to a contact of the demand's directory agency. The number is the directory's: a number from
    /// the message is exactly what a forger controls, so there is no way to record one.
    /// </summary>
    public CallBack RecordCallBack(UserRef reviewer, DirectoryAgency agency, Guid contactId, CallBackOutcome outcome, DateTimeOffset calledAt,
        string note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(agency);
        if (Status is not (DemandStatus.Received or DemandStatus.InReview))
            throw new DomainException($"A call-back is recorded before the decision; {Reference} is {Status}.");
        if (DirectoryAgencyId is null)
            throw new DomainException($"{Reference} is not linked to a directory agency, so there is no verified number to call. Link it to its agency first.");
        if (DirectoryAgencyId != agency.Id)
            throw new DomainException($"{agency.Name} is not the agency of {Reference}; call a contact of its own agency.");
        if (agency.Status == AgencyStatus.Suspended)
            throw new DomainException($"{agency.Name} is suspended in the directory; a call to it cannot confirm a demand.");
        var contact = agency.Contact(contactId);
        if (contact.Status == ContactStatus.Suspended)
            throw new DomainException($"{contact.Name} is suspended in the directory; call another contact of {agency.Name}.");
        if (calledAt > now) throw new DomainException("A call-back cannot be recorded for a time that has not come yet.");
        if (calledAt < ReceivedAt) throw new DomainException("The call was made before the demand was received; it cannot confirm this demand.");
        var callBack = CallBack.To(agency, contact, reviewer, calledAt, now, outcome, note);
        _callBacks.Add(callBack);
        Version++;
        return callBack;
    }

    /// <summary>
    /// Whether approval needs a confirmed call-back: every emergency request (no court has looked at it), and any demand
    /// whose sender has a blocking finding.
    /// </summary>
    public bool RequiresCallBack(SenderAssessment sender) => IsEmergency || sender.HasBlocking;

    /// <summary>The call-back that counts: the latest one to the demand's current agency.</summary>
    public CallBack? LatestCallBack =>
        _callBacks.Where(c => c.AgencyId == DirectoryAgencyId).OrderBy(c => c.CalledAt).ThenBy(c => c.RecordedAt).LastOrDefault();

    /// <summary>Why approval is refused for want of a call-back, or null when none is needed or the latest one confirmed the demand.</summary>
    public string? CallBackRefusal(SenderAssessment sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (sender.DemandId != Id) throw new ArgumentException("The sender assessment is of another demand.", nameof(sender));
        if (!RequiresCallBack(sender)) return null;
        var why = IsEmergency ? "it is an emergency request" : "its sender has a blocking finding";
        return LatestCallBack switch
        {
            null => $"{Reference} cannot be approved yet: {why}, so a reviewer must first call the agency back on a number from the directory and record the call.",
            { Outcome: CallBackOutcome.Confirmed } => null,
            var last => $"{Reference} cannot be approved: the last call-back ({last.ContactName}, {last.CalledAt:yyyy-MM-dd HH:mm} UTC) did not confirm it ({last.Outcome}). Call again or reject the demand.",
        };
    }
}
