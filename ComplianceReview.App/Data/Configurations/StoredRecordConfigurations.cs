using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceReview.App.Data.Configurations;

public sealed class StoredDocumentConfiguration : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> builder)
    {
        builder.ToTable("StoredDocuments");
        builder.HasKey(d => d.Sha256);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(d => d.ContentType).HasMaxLength(StoredDocument.MaxContentTypeLength).IsRequired();
        builder.Property(d => d.Content).IsRequired();
    }
}

public sealed class DisclosureSnapshotConfiguration : IEntityTypeConfiguration<DisclosureSnapshotRecord>
{
    public void Configure(EntityTypeBuilder<DisclosureSnapshotRecord> builder)
    {
        builder.ToTable("DisclosureSnapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(s => s.Json).IsRequired();
        builder.HasIndex(s => s.DemandId);
        builder.HasIndex(s => s.DecisionId).IsUnique();
    }
}

public sealed class DisclosurePackageConfiguration : IEntityTypeConfiguration<DisclosurePackageRecord>
{
    public void Configure(EntityTypeBuilder<DisclosurePackageRecord> builder)
    {
        builder.ToTable("DisclosurePackages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(p => p.CertifiedById).HasMaxLength(Domain.Common.UserRef.MaxIdLength);
        builder.Property(p => p.Content).IsRequired();
        builder.HasIndex(p => new { p.DemandId, p.Sha256 });
    }
}
