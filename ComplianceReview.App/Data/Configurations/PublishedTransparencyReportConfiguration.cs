using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceReview.App.Data.Configurations;

public sealed class PublishedTransparencyReportConfiguration : IEntityTypeConfiguration<PublishedTransparencyReport>
{
    public void Configure(EntityTypeBuilder<PublishedTransparencyReport> builder)
    {
        builder.ToTable("PublishedTransparencyReports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Period).HasMaxLength(PublishedTransparencyReport.PeriodLength).IsFixedLength().IsRequired();
        builder.HasIndex(r => r.Period).IsUnique(); // a period is published once; a later change shows as a difference
        builder.Property(r => r.PublishedById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(r => r.PublishedByName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        builder.Property(r => r.CanonicalForm).IsRequired();
        builder.Property(r => r.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Ignore(r => r.IsIntact);
    }
}
