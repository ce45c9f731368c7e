namespace ComplianceReview.Domain.Demands;

/// <summary>The roles a person reads a demand's customer data in (<see cref="LegalDemand.CustomerDataRefusal"/>); several may apply.</summary>
[Flags]
public enum CustomerDataReader
{
    None = 0,
    Reviewer = 1,
    LegalLead = 2,
    Auditor = 4,
}
