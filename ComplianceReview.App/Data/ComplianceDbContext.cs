using ComplianceReview.App.CustomerData;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Data;

/// <summary>
/// The app's database. Each provider has a derived context (<see cref="SqliteComplianceDbContext"/>,
/// <see cref="SqlServerComplianceDbContext"/>) so each can carry its own migrations set in this assembly.
/// </summary>
public abstract class ComplianceDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<LegalDemand> Demands => Set<LegalDemand>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();
    public DbSet<DisclosureSnapshotRecord> Snapshots => Set<DisclosureSnapshotRecord>();
    public DbSet<DisclosurePackageRecord> Packages => Set<DisclosurePackageRecord>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<SignInRecord> SignIns => Set<SignInRecord>();
    public DbSet<EmailMessage> Emails => Set<EmailMessage>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<Domain.Agencies.DirectoryAgency> DirectoryAgencies => Set<Domain.Agencies.DirectoryAgency>();
    public DbSet<ReceivedMessageRecord> ReceivedMessages => Set<ReceivedMessageRecord>();

    /// <summary>Submission keys of registrations (the form's and the API's Idempotency-Key): one demand per key.</summary>
    public DbSet<RegistrationSubmissionRecord> RegistrationSubmissions => Set<RegistrationSubmissionRecord>();

    /// <summary>The Bates numbers each rendered package took: unique across productions under a prefix.</summary>
    public DbSet<BatesRangeRecord> BatesRanges => Set<BatesRangeRecord>();

    /// <summary>Server-side sessions: the sign-in cookie holds only a session id (see <see cref="Identity.Sessions.DatabaseSessionStore"/>).</summary>
    public DbSet<Identity.Sessions.UserSession> Sessions => Set<Identity.Sessions.UserSession>();

    /// <summary>The Data Protection key ring, shared by every instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Starts the transaction of one write: it holds the database's write lock from the start, so the audit chain's
    /// next sequence number is read and written by one writer at a time.
    /// </summary>
    public abstract Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken = default);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ComplianceDbContext).Assembly,
            t => t.Namespace == typeof(Configurations.LegalDemandConfiguration).Namespace);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
