namespace ComplianceReview.Domain.Common;

/// <summary>An operation that the domain's rules do not allow. The message is meant for the person who tried it.</summary>
public class DomainException(string message) : Exception(message);
