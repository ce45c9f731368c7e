namespace ComplianceReview.App.CustomerData;

// The provider's customer data, as the demo tables hold it. In production this adapter would sit in front of the
// real directory and stores; the app reaches it only through ICustomerDataSource, which extracts nothing outside a scope.

public sealed class Customer
{
    public int Id { get; set; }
    public required string AccountId { get; set; }
    public required string Email { get; set; }
    public string? PhoneNumber { get; set; }
    public required string Name { get; set; }
    public required string State { get; set; }
    public required string Country { get; set; }
    public required string ZipCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string RegistrationIp { get; set; }
    public required string PaymentInstrument { get; set; }
    public required string BillingAddress { get; set; }
    public List<SignInRecord> SignIns { get; set; } = [];
    public List<EmailMessage> Emails { get; set; } = [];
    public List<StoredFile> Files { get; set; } = [];
}

public sealed class SignInRecord
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public DateTimeOffset SignedInAt { get; set; }
    public required string IpAddress { get; set; }
}

public sealed class EmailMessage
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public required string From { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
}

public sealed class StoredFile
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public required string FileName { get; set; }
    public long SizeBytes { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string Sha256 { get; set; }
}
