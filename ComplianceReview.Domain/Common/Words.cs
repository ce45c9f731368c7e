using System.Text;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.Common;

/// <summary>
/// The words people read for every value the code names: statuses, outcomes, process types, categories, identifier kinds,
/// findings, decisions and audit actions. Pages, CSV exports and PDFs all ask here, so a value reads the same everywhere
/// and an internal name (<c>AwaitingSignOff</c>) never reaches a reader.
/// To add an enum: add its values to <see cref="Catalog"/>; <c>WordsTests</c> fails for any public enum value of the domain
/// (and any <c>AuditActions</c> constant) that has no entry. A value without an entry still reads as spaced words, never
/// as the identifier, so a missed entry is ugly rather than wrong.
/// </summary>
public static class Words
{
    private static readonly Dictionary<Enum, string> Catalog = new()
    {
        [DemandStatus.Received] = "Received",
        [DemandStatus.InReview] = "In review",
        [DemandStatus.AwaitingSignOff] = "Awaiting sign-off",
        [DemandStatus.Disclosed] = "Disclosed",
        [DemandStatus.Rejected] = "Rejected",
        [DemandStatus.Preserved] = "Preserved",
        [DemandStatus.Released] = "Released",

        [Outcome.ContentDisclosed] = "Content disclosed",
        [Outcome.NonContentOnly] = "Non-content only",
        [Outcome.NoDataFound] = "No data found",
        [Outcome.Rejected] = "Rejected",

        [ProcessType.Subpoena] = "Subpoena",
        [ProcessType.CourtOrder] = "Court order",
        [ProcessType.SearchWarrant] = "Search warrant",
        [ProcessType.EmergencyRequest] = "Emergency request",
        [ProcessType.PreservationRequest] = "Preservation request",

        [DataCategory.SubscriberIdentity] = "Subscriber identity",
        [DataCategory.SubscriberLocation] = "Subscriber location",
        [DataCategory.RegistrationRecord] = "Registration record",
        [DataCategory.ConnectionHistory] = "Connection history",
        [DataCategory.BillingInformation] = "Billing information",
        [DataCategory.EmailContent] = "E-mail content",
        [DataCategory.StoredFiles] = "Stored files",

        [DataKind.NonContent] = "Non-content",
        [DataKind.Content] = "Content",

        [IdentifierKind.Email] = "E-mail address",
        [IdentifierKind.AccountId] = "Account id",
        [IdentifierKind.PhoneNumber] = "Phone number",

        [IdentifierProblem.Empty] = "Empty",
        [IdentifierProblem.TooLong] = "Too long",
        [IdentifierProblem.Wildcard] = "Wildcard",
        [IdentifierProblem.BareDomain] = "Whole domain",
        [IdentifierProblem.BlanketWord] = "Blanket request",
        [IdentifierProblem.Malformed] = "Not an identifier",

        [FindingSeverity.Warning] = "Warning",
        [FindingSeverity.Blocking] = "Blocking",

        [FindingCode.NoSpecificIdentifier] = "No specific account",
        [FindingCode.BroadIdentifier] = "Broad identifier",
        [FindingCode.TooManyIdentifiers] = "Many accounts",
        [FindingCode.CategoryNotAllowed] = "Category not allowed",
        [FindingCode.TimeSeriesWithoutDateRange] = "No date range",
        [FindingCode.DateRangeTooWide] = "Date range too wide",
        [FindingCode.OrderExpired] = "Order expired",
        [FindingCode.OrderIssuedInFuture] = "Order dated in the future",
        [FindingCode.DueDatePassed] = "Overdue",
        [FindingCode.IdentifierNotFound] = "Account not found",
        [FindingCode.NonDisclosureWithoutEndDate] = "Non-disclosure without end date",
        [FindingCode.EmergencyWithoutJustification] = "Emergency without justification",
        [FindingCode.AmbiguousIdentifier] = "Identifier matches several accounts",
        [FindingCode.OrderDocumentActiveContent] = "Active content in the order document",
        [FindingCode.SameAgencyAndCaseNumber] = "Same agency and case number as another demand",
        [FindingCode.SameOrderDocument] = "Same order document as another demand",
        [FindingCode.SameAccountInOtherDemand] = "Account named in another open or recent demand",
        [FindingCode.AccountNamedTwice] = "One account named twice",
        [FindingCode.CoveredRangeInFuture] = "Covered dates entirely in the future",
        [FindingCode.CoveredRangeEndsInFuture] = "Covered dates end in the future",
        [FindingCode.AgencyNotInDirectory] = "Agency not in the directory",
        [FindingCode.AgencyUnverified] = "Agency not verified",
        [FindingCode.AgencySuspended] = "Agency suspended",
        [FindingCode.SenderFreeMail] = "Sender uses free mail",
        [FindingCode.SenderLookAlikeDomain] = "Sender domain looks like an agency's",
        [FindingCode.SenderDomainOfOtherAgency] = "Sender domain belongs to another agency",
        [FindingCode.SenderDomainNotAgency] = "Sender domain is not the agency's",
        [FindingCode.SenderContactSuspended] = "Sender is a suspended contact",
        [FindingCode.SenderFirstSeen] = "Sender never seen before",
        [FindingCode.AgencyNameMismatch] = "Order names another agency",

        [Agencies.AgencyStatus.Unverified] = "Unverified",
        [Agencies.AgencyStatus.Verified] = "Verified",
        [Agencies.AgencyStatus.Suspended] = "Suspended",
        [Agencies.ContactStatus.Active] = "Active",
        [Agencies.ContactStatus.Suspended] = "Suspended",
        [CallBackOutcome.Confirmed] = "Confirmed",
        [CallBackOutcome.NotConfirmed] = "Not confirmed",
        [CallBackOutcome.NoAnswer] = "No answer",
        [DemandOverlap.None] = "No overlap",
        [DemandOverlap.SameAgencyAndCaseNumber] = "Same agency and case number",
        [DemandOverlap.SameOrderDocument] = "Same order document",
        [DemandOverlap.SameAccount] = "Same account",

        [DecisionKind.Approve] = "Approved",
        [DecisionKind.ApprovePartially] = "Approved in part",
        [DecisionKind.Reject] = "Rejected",
        [DecisionKind.Preserve] = "Preserved",
        [DecisionKind.ExtendPreservation] = "Preservation extended",
        [DecisionKind.Release] = "Released",

        [RejectionReason.InsufficientLegalProcess] = "Insufficient legal process",
        [RejectionReason.NotSpecific] = "Not specific",
        [RejectionReason.OverBroad] = "Over-broad",
        [RejectionReason.WrongJurisdiction] = "Wrong jurisdiction",
        [RejectionReason.Expired] = "Expired",
        [RejectionReason.Duplicate] = "Duplicate",
        [RejectionReason.Other] = "Other",

        [SignOffKind.Approved] = "Signed off",
        [SignOffKind.SentBack] = "Sent back",

        [NonDisclosureKind.None] = "None",
        [NonDisclosureKind.UntilDate] = "Until a date",
        [NonDisclosureKind.WithoutEndDate] = "Without an end date",

        [DemandAction.StartReview] = "Start review",
        [DemandAction.Approve] = "Approve",
        [DemandAction.ApprovePartially] = "Approve partially",
        [DemandAction.Reject] = "Reject",
        [DemandAction.AttachPackage] = "Attach package",
        [DemandAction.SignOff] = "Sign off",
        [DemandAction.SendBack] = "Send back",
        [DemandAction.Preserve] = "Preserve",
        [DemandAction.ExtendPreservation] = "Extend preservation",
        [DemandAction.Release] = "Release",

        [NotificationChannel.Email] = "E-mail",
        [NotificationChannel.Post] = "Post",
        [NotificationChannel.InProduct] = "In-product",
        [NotificationChannel.Other] = "Other",

        [NotificationStatus.NotDue] = "Not due",
        [NotificationStatus.Deferred] = "Deferred (non-disclosure order)",
        [NotificationStatus.Due] = "Due",
        [NotificationStatus.Recorded] = "Recorded",

        [CustomerDataReader.None] = "Nobody",
        [CustomerDataReader.Reviewer] = "Reviewer",
        [CustomerDataReader.LegalLead] = "Legal lead",
        [CustomerDataReader.Auditor] = "Auditor",

        [DocumentActiveContent.None] = "None",
        [DocumentActiveContent.JavaScript] = "JavaScript",
        [DocumentActiveContent.LaunchAction] = "an action that launches a program or file",
        [DocumentActiveContent.UriAction] = "an action that opens a web address",
        [DocumentActiveContent.FormSubmission] = "a form that submits or imports data",
        [DocumentActiveContent.RemoteDocument] = "an action that opens another document",
        [DocumentActiveContent.EmbeddedFile] = "an embedded file",
        [DocumentActiveContent.XfaForm] = "an XFA form",
        [DocumentActiveContent.RichMedia] = "rich media (Flash, video or 3D)",
        [DocumentActiveContent.Encryption] = "encryption",

        [ResolutionKind.NotFound] = "No account",
        [ResolutionKind.Unique] = "One account",
        [ResolutionKind.Ambiguous] = "Several accounts",
    };

    /// <summary>Audit actions are names (strings) so the trail can grow without a schema change; their words live here too.</summary>
    private static readonly Dictionary<string, string> AuditActionCatalog = new(StringComparer.Ordinal)
    {
        ["DemandRegistered"] = "Demand registered",
        ["ReviewStarted"] = "Review started",
        ["DemandApproved"] = "Demand approved",
        ["DemandApprovedPartially"] = "Demand approved in part",
        ["DemandRejected"] = "Demand rejected",
        ["DemandPreserved"] = "Data preserved",
        ["PreservationExtended"] = "Preservation extended",
        ["PreservationReleased"] = "Preservation released",
        ["SnapshotTaken"] = "Customer data snapshot taken",
        ["PackageGenerated"] = "Disclosure package generated",
        ["SignedOff"] = "Signed off",
        ["SentBack"] = "Sent back to review",
        ["DemandViewed"] = "Demand viewed",
        ["PackageViewed"] = "Package viewed",
        ["PackageDownloaded"] = "Package downloaded",
        ["OrderDocumentDownloaded"] = "Order document downloaded",
        ["SignedIn"] = "Signed in",
        ["SignedOut"] = "Signed out",
        ["SessionsEnded"] = "Sessions ended",
        ["AccessDenied"] = "Access refused",
        ["ChainVerified"] = "Audit trail verified",
        ["AuditExported"] = "Audit log exported",
        ["CaseRecordExported"] = "Case record exported",
        ["AuditKeyRotated"] = "Audit key rotated",
        ["FollowUpProcessRecorded"] = "Follow-up legal process recorded",
        ["CustomerNotificationRecorded"] = "Customer notification recorded",
        ["TransparencyReportPublished"] = "Transparency report published",
        ["TransparencyReportExported"] = "Transparency report exported",
        ["DemandAssigned"] = "Demand assigned",
        ["DemandTakenOver"] = "Demand taken over",
        ["RegistrationRepeated"] = "Registration repeated (same submission)",
        ["EmailMessageReceived"] = "E-mail message received",
        ["EmailMessageRefused"] = "E-mail message refused",
        ["DemandAgencyLinked"] = "Demand linked to a directory agency",
        ["CallBackRecorded"] = "Call-back recorded",
        ["ApprovalRefusedWithoutCallBack"] = "Approval refused: no confirming call-back",
        ["AgencyCreated"] = "Agency added to the directory",
        ["AgencyUpdated"] = "Agency changed",
        ["AgencyDomainAdded"] = "Agency domain added",
        ["AgencyDomainRemoved"] = "Agency domain removed",
        ["AgencyContactAdded"] = "Agency contact added",
        ["AgencyContactSuspended"] = "Agency contact suspended",
        ["AgencyContactReinstated"] = "Agency contact reinstated",
        ["AgencyVerified"] = "Agency verified",
        ["AgencySuspended"] = "Agency suspended",
        ["AgencyMarkedUnverified"] = "Agency marked unverified",
    };

    /// <summary>The words for <paramref name="value"/>: its entry, or for a combination of flags, each flag's words joined.</summary>
    public static string Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Catalog.TryGetValue(value, out var words)) return words;
        if (value.GetType().IsDefined(typeof(FlagsAttribute), false))
        {
            var parts = Enum.GetValues(value.GetType()).Cast<Enum>()
                .Where(flag => Convert.ToInt64(flag, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(flag))
                .Select(flag => Catalog.TryGetValue(flag, out var w) ? w : Spaced(flag.ToString())).ToList();
            if (parts.Count > 0) return string.Join(", ", parts);
        }
        return Spaced(value.ToString());
    }

    /// <summary>Nullable convenience for optional values (an open demand has no outcome): <paramref name="none"/> when null.</summary>
    public static string Of(Enum? value, string none) => value is null ? none : Of(value);

    /// <summary>The words of an audit action name, such as "Demand approved in part" for <c>DemandApprovedPartially</c>.</summary>
    public static string OfAuditAction(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return AuditActionCatalog.TryGetValue(action, out var words) ? words : Spaced(action);
    }

    /// <summary>Whether <paramref name="value"/> has its own entry (for the completeness test).</summary>
    public static bool Has(Enum value) => Catalog.ContainsKey(value);

    /// <summary>Whether <paramref name="action"/> has its own entry (for the completeness test).</summary>
    public static bool HasAuditAction(string action) => AuditActionCatalog.ContainsKey(action);

    /// <summary>Every audit action with words, for an action filter's choices.</summary>
    public static IReadOnlyDictionary<string, string> AuditActions => AuditActionCatalog;

    /// <summary>"AwaitingSignOff" as "Awaiting sign off": the fallback for a value nobody gave words yet.</summary>
    public static string Spaced(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i + 1 < name.Length && char.IsLower(name[i + 1]);
            if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || startsWord))
            {
                // An acronym ("PDF") keeps its capitals; an ordinary word starts in lower case.
                text.Append(' ');
                text.Append(startsWord ? char.ToLowerInvariant(c) : c);
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
