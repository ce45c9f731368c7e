using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceReview.App.Data.Configurations;

public sealed class RegistrationSubmissionConfiguration : IEntityTypeConfiguration<RegistrationSubmissionRecord>
{
    public void Configure(EntityTypeBuilder<RegistrationSubmissionRecord> builder)
    {
        builder.ToTable("RegistrationSubmissions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.RegisteredById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(s => s.Key).HasMaxLength(SubmissionKey.MaxLength).IsRequired();
        builder.Property(s => s.Fingerprint).HasMaxLength(RegistrationSubmission.FingerprintLength).IsFixedLength().IsRequired();
        builder.Property(s => s.DemandReference).HasMaxLength(Domain.Demands.DemandReference.MaxLength).IsRequired();
        // One demand per key and principal: two principals may well pick the same key.
        builder.HasIndex(s => new { s.RegisteredById, s.Key }).IsUnique();
        builder.HasIndex(s => s.DemandId);
    }
}

public sealed class BatesRangeConfiguration : IEntityTypeConfiguration<BatesRangeRecord>
{
    public void Configure(EntityTypeBuilder<BatesRangeRecord> builder)
    {
        builder.ToTable("BatesRanges");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Prefix).HasMaxLength(Documents.BatesNumber.MaxPrefixLength).IsRequired();
        builder.Property(r => r.PackageSha256).HasMaxLength(64).IsFixedLength().IsRequired();
        // A number is taken once: two ranges cannot start at the same number, and the next start is read from the last.
        builder.HasIndex(r => new { r.Prefix, r.First }).IsUnique();
        builder.HasIndex(r => new { r.Prefix, r.Last }).IsUnique();
        builder.HasIndex(r => r.DemandId);
        builder.HasIndex(r => r.SnapshotId);
    }
}
