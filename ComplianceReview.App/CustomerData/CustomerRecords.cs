namespace ComplianceReview.App.CustomerData;

// The provider's customer data, as the demo tables hold it. In production this adapter would sit in front of the
// real directory and stores; the app reaches it only through ICustomerDataSource, which extracts nothing outside a scope.
// Instants are kept in UTC: SQLite stores a DateTimeOffset as its clock ticks plus offset, so a row written with another
// offset would compare against a covered range by its local clock time and could fall on the wrong side of a bound.

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
    public DateTimeOffset CreatedAt { get; set => field = value.ToUniversalTime(); }
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
    public DateTimeOffset SignedInAt { get; set => field = value.ToUniversalTime(); }
    public required string IpAddress { get; set; }
}

public sealed class EmailMessage
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public DateTimeOffset SentAt { get; set => field = value.ToUniversalTime(); }
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
    public DateTimeOffset UploadedAt { get; set => field = value.ToUniversalTime(); }
    public required string Sha256 { get; set; }
}
