using ComplianceReview.App.CustomerData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceReview.App.Data.Configurations;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Customers");
        builder.Property(c => c.AccountId).HasMaxLength(64);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.PhoneNumber).HasMaxLength(16);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.State).HasMaxLength(100);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.ZipCode).HasMaxLength(20);
        builder.Property(c => c.RegistrationIp).HasMaxLength(45);
        builder.Property(c => c.PaymentInstrument).HasMaxLength(100);
        builder.Property(c => c.BillingAddress).HasMaxLength(400);
        builder.HasIndex(c => c.AccountId).IsUnique();
        builder.HasIndex(c => c.Email).IsUnique();
        builder.HasIndex(c => c.PhoneNumber);
        builder.HasMany(c => c.SignIns).WithOne().HasForeignKey(s => s.CustomerId);
        builder.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.CustomerId);
        builder.HasMany(c => c.Files).WithOne().HasForeignKey(f => f.CustomerId);
    }
}

public sealed class SignInRecordConfiguration : IEntityTypeConfiguration<SignInRecord>
{
    public void Configure(EntityTypeBuilder<SignInRecord> builder)
    {
        builder.ToTable("CustomerSignIns");
        builder.Property(s => s.IpAddress).HasMaxLength(45);
        builder.HasIndex(s => new { s.CustomerId, s.SignedInAt });
    }
}

public sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> builder)
    {
        builder.ToTable("CustomerEmails");
        builder.Property(e => e.From).HasMaxLength(254);
        builder.Property(e => e.To).HasMaxLength(2000);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.HasIndex(e => new { e.CustomerId, e.SentAt });
    }
}

public sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.ToTable("CustomerFiles");
        builder.Property(f => f.FileName).HasMaxLength(500);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(f => new { f.CustomerId, f.UploadedAt });
    }
}
