using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceReview.App.Data.Configurations;

public sealed class LegalDemandConfiguration : IEntityTypeConfiguration<LegalDemand>
{
    public void Configure(EntityTypeBuilder<LegalDemand> builder)
    {
        builder.ToTable("Demands");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();

        builder.Property(d => d.Reference)
            .HasConversion(r => r.Value, s => DemandReference.Parse(s))
            .HasMaxLength(DemandReference.MaxLength)
            .IsRequired();
        builder.HasIndex(d => d.Reference).IsUnique();

        builder.OwnsOne(d => d.Agency, agency =>
        {
            agency.Property(a => a.Name).HasColumnName("AgencyName").HasMaxLength(RequestingAgency.MaxNameLength).IsRequired();
            agency.Property(a => a.CountryCode).HasColumnName("AgencyCountry").HasMaxLength(Countries.CodeLength).IsFixedLength().IsRequired();
            // Filtering by country or agency is served by (column, date, Id) indexes: see DemandIndexes.
        });
        builder.Navigation(d => d.Agency).IsRequired();

        builder.Property(d => d.IssuingAuthority).HasMaxLength(DemandRegistration.MaxAuthorityLength).IsRequired();
        builder.Property(d => d.CaseNumber).HasMaxLength(DemandRegistration.MaxCaseNumberLength).IsRequired();
        builder.Property(d => d.EmergencyJustification).HasMaxLength(DemandRegistration.MaxJustificationLength);
        builder.Property(d => d.RegisteredById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(d => d.RegisteredByName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        builder.Property(d => d.AssignedReviewerId).HasMaxLength(UserRef.MaxIdLength);
        builder.Property(d => d.AssignedReviewerName).HasMaxLength(UserRef.MaxNameLength);
        builder.HasIndex(d => new { d.AssignedReviewerId, d.Status });

        builder.OwnsOne(d => d.CoveredRange, range =>
        {
            range.Property(r => r.From).HasColumnName("CoveredFrom");
            range.Property(r => r.To).HasColumnName("CoveredTo");
        });

        builder.OwnsOne(d => d.NonDisclosure, nd =>
        {
            nd.Property(n => n.Kind).HasColumnName("NonDisclosureKind");
            nd.Property(n => n.Until).HasColumnName("NonDisclosureUntil");
        });
        builder.Navigation(d => d.NonDisclosure).IsRequired();

        builder.OwnsOne(d => d.OrderDocument, doc =>
        {
            doc.Property(o => o.FileName).HasColumnName("OrderFileName").HasMaxLength(OrderDocument.MaxFileNameLength);
            doc.Property(o => o.SizeBytes).HasColumnName("OrderSizeBytes");
            doc.Property(o => o.Sha256).HasColumnName("OrderSha256").HasMaxLength(64).IsFixedLength();
            doc.Property(o => o.ActiveContent).HasColumnName("OrderActiveContent").HasConversion<string>().HasMaxLength(OrderDocument.MaxActiveContentLength);
            doc.HasIndex(o => o.Sha256); // the same-order pre-check
        });

        builder.OwnsOne(d => d.Package, pkg =>
        {
            pkg.Property(p => p.Sha256).HasColumnName("PackageSha256").HasMaxLength(64).IsFixedLength();
            pkg.Property(p => p.PageCount).HasColumnName("PackagePageCount");
            pkg.Property(p => p.BatesFirst).HasColumnName("PackageBatesFirst").HasMaxLength(32);
            pkg.Property(p => p.BatesLast).HasColumnName("PackageBatesLast").HasMaxLength(32);
            pkg.Property(p => p.SnapshotSha256).HasColumnName("PackageSnapshotSha256").HasMaxLength(64).IsFixedLength();
            pkg.Property(p => p.RecordCount).HasColumnName("PackageRecordCount");
            pkg.Property(p => p.ContentRecordCount).HasColumnName("PackageContentRecordCount");
            pkg.Property(p => p.GeneratedAt).HasColumnName("PackageGeneratedAt");
            pkg.Property(p => p.CertifiedById).HasColumnName("PackageCertifiedById").HasMaxLength(UserRef.MaxIdLength);
            pkg.Property(p => p.CertifiedByName).HasColumnName("PackageCertifiedByName").HasMaxLength(UserRef.MaxNameLength);
        });

        builder.OwnsMany(d => d.Targets, target =>
        {
            target.ToTable("DemandTargets");
            target.WithOwner().HasForeignKey("DemandId");
            target.Property<int>("Id");
            target.HasKey("Id");
            target.Property(t => t.Raw).HasMaxLength(AccountIdentifier.MaxInputLength).IsRequired();
            target.Property(t => t.Value).HasMaxLength(AccountIdentifier.MaxLength);
            target.Property(t => t.Problem).HasMaxLength(500);
            target.HasIndex(t => t.Value);
            target.Property(t => t.ResolvedAccountId).HasMaxLength(RequestedTarget.MaxAccountKeyLength);
            target.HasIndex(t => t.ResolvedAccountId);
        });
        builder.Navigation(d => d.Targets).HasField("_targets").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.PrimitiveCollection<List<DataCategory>>("_requestedCategories").HasColumnName("RequestedCategories");
        builder.Ignore(d => d.RequestedCategories);

        builder.HasMany(d => d.Decisions).WithOne().HasForeignKey("DemandId").OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(d => d.Decisions).HasField("_decisions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(d => d.SignOffs).WithOne().HasForeignKey("DemandId").OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(d => d.SignOffs).HasField("_signOffs").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.Property(d => d.Version).IsConcurrencyToken();

        // Demo data is marked where it is written (the seeder, the only writer of this column) and never reported.
        builder.Property<bool>(DemoDataSeeder.IsDemoProperty);

        // Tracks: emergency follow-up, customer notification (flat nullable columns, so the lists filter on them in SQL).
        builder.Property(d => d.FollowUpProcessDescription).HasMaxLength(FollowUpProcess.MaxDescriptionLength);
        builder.Property(d => d.FollowUpRecordedById).HasMaxLength(UserRef.MaxIdLength);
        builder.Property(d => d.FollowUpRecordedByName).HasMaxLength(UserRef.MaxNameLength);
        builder.Property(d => d.CustomerNotificationRecordedById).HasMaxLength(UserRef.MaxIdLength);
        builder.Property(d => d.CustomerNotificationRecordedByName).HasMaxLength(UserRef.MaxNameLength);
        builder.Ignore(d => d.DisclosedOn);
        builder.HasIndex(d => new { d.ProcessType, d.Status, d.ClosedAt });
        builder.HasIndex(d => new { d.Status, d.PreservedUntil });

        builder.Ignore(d => d.RequestedScope);
        builder.Ignore(d => d.ApprovedScope);
        builder.Ignore(d => d.Deciders);
        builder.Ignore(d => d.IsEmergency);
        builder.Ignore(d => d.IsClosed);

        // The queue: filter by status, sort by due or received date, keyset on (date, id).
        builder.HasIndex(d => new { d.Status, d.DueAt, d.Id });
        builder.HasIndex(d => new { d.Status, d.ReceivedAt, d.Id });
        builder.HasIndex(d => new { d.DueAt, d.Id });
        builder.HasIndex(d => new { d.ReceivedAt, d.Id });
        builder.HasIndex(d => d.CaseNumber);
    }
}

public sealed class ReviewDecisionConfiguration : IEntityTypeConfiguration<ReviewDecision>
{
    public void Configure(EntityTypeBuilder<ReviewDecision> builder)
    {
        builder.ToTable("ReviewDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.ReasonText).HasMaxLength(ReviewDecision.MaxReasonLength).IsRequired();
        builder.Property(d => d.DecidedById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(d => d.DecidedByName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        // Stored as before, a JSON array of "Kind:value" strings; the converter is the one place that format exists.
        builder.PrimitiveCollection<List<AccountIdentifier>>("_identifiers").HasColumnName("ApprovedIdentifiers")
            .ElementType(e => e.HasConversion(StoredIdentifier.Converter));
        builder.PrimitiveCollection<List<DataCategory>>("_categories").HasColumnName("ApprovedCategories");
        builder.Ignore(d => d.ApprovedIdentifiers);
        builder.Ignore(d => d.ApprovedCategories);
        builder.Ignore(d => d.DecidedBy);
        builder.Ignore(d => d.IsApproval);
        builder.HasIndex("DemandId");
        builder.HasIndex(d => d.DecidedById);
    }
}

public sealed class SignOffConfiguration : IEntityTypeConfiguration<SignOff>
{
    public void Configure(EntityTypeBuilder<SignOff> builder)
    {
        builder.ToTable("SignOffs");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SignedById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(s => s.SignedByName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        builder.Property(s => s.Note).HasMaxLength(SignOff.MaxNoteLength);
        builder.Property(s => s.PackageSha256).HasMaxLength(64).IsFixedLength();
        builder.Ignore(s => s.SignedBy);
        builder.HasIndex("DemandId");
    }
}

/// <summary>How an approved identifier is stored in a decision's JSON array: <c>Kind:value</c>, e.g. <c>Email:a@example.org</c>.</summary>
internal static class StoredIdentifier
{
    public static readonly ValueConverter<AccountIdentifier, string> Converter = new(i => Write(i), s => Read(s));

    public static string Write(AccountIdentifier identifier) => $"{identifier.Kind}:{identifier.Value}";

    public static AccountIdentifier Read(string stored)
    {
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        return AccountIdentifier.Parse(Enum.Parse<IdentifierKind>(stored[..colon]), stored[(colon + 1)..]);
    }
}
