using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceReview.App.Data.Configurations;

public sealed class DirectoryAgencyConfiguration : IEntityTypeConfiguration<DirectoryAgency>
{
    public void Configure(EntityTypeBuilder<DirectoryAgency> builder)
    {
        builder.ToTable("DirectoryAgencies");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(RequestingAgency.MaxNameLength).IsRequired();
        builder.HasIndex(a => a.Name);
        builder.Property(a => a.CountryCode).HasMaxLength(Countries.CodeLength).IsFixedLength().IsRequired();
        builder.Property(a => a.StatusReason).HasMaxLength(DirectoryAgency.MaxReasonLength);
        builder.Property(a => a.VerifiedById).HasMaxLength(UserRef.MaxIdLength);
        builder.Property(a => a.VerifiedByName).HasMaxLength(UserRef.MaxNameLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.PrimitiveCollection<List<string>>("_domains").HasColumnName("Domains");
        builder.Ignore(a => a.Domains);
        builder.Ignore(a => a.Changes);

        builder.OwnsMany(a => a.Contacts, contact =>
        {
            contact.ToTable("AgencyContacts");
            contact.WithOwner().HasForeignKey("AgencyId");
            contact.HasKey(c => c.Id);
            contact.Property(c => c.Id).ValueGeneratedNever();
            contact.Property(c => c.Name).HasMaxLength(AgencyContact.MaxNameLength).IsRequired();
            contact.Property(c => c.Role).HasMaxLength(AgencyContact.MaxRoleLength).IsRequired();
            contact.Property(c => c.PhoneNumber).HasMaxLength(AgencyContact.MaxPhoneLength).IsRequired();
            contact.Property(c => c.Email).HasMaxLength(SenderAddress.MaxLength);
            contact.Property(c => c.PhoneSource).HasMaxLength(AgencyContact.MaxSourceLength).IsRequired();
            contact.Property(c => c.SuspensionReason).HasMaxLength(DirectoryAgency.MaxReasonLength);
            contact.HasIndex(c => c.Email);
        });
        builder.Navigation(a => a.Contacts).HasField("_contacts").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>Where a demand came from: its directory agency, its sender, the message it arrived in, its call-backs (issue 19).</summary>
public sealed class LegalDemandRequesterConfiguration : IEntityTypeConfiguration<LegalDemand>
{
    public void Configure(EntityTypeBuilder<LegalDemand> builder)
    {
        builder.HasOne<DirectoryAgency>().WithMany().HasForeignKey(d => d.DirectoryAgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.DirectoryAgencyId, d.ReceivedAt });
        builder.Property(d => d.Sender)
            .HasConversion(s => s!.Value, s => SenderAddress.Parse(s))
            .HasColumnName("SenderAddress")
            .HasMaxLength(SenderAddress.MaxLength);
        builder.HasIndex(d => d.Sender);
        builder.Property(d => d.SourceMessageSha256).HasMaxLength(64).IsFixedLength();
        builder.Ignore(d => d.IsAgencyUnknown);
        builder.Ignore(d => d.LatestCallBack);

        builder.HasMany(d => d.CallBacks).WithOne().HasForeignKey("DemandId").OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(d => d.CallBacks).HasField("_callBacks").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class CallBackConfiguration : IEntityTypeConfiguration<CallBack>
{
    public void Configure(EntityTypeBuilder<CallBack> builder)
    {
        builder.ToTable("CallBacks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ContactName).HasMaxLength(AgencyContact.MaxNameLength).IsRequired();
        builder.Property(c => c.ContactRole).HasMaxLength(AgencyContact.MaxRoleLength).IsRequired();
        builder.Property(c => c.PhoneNumber).HasMaxLength(AgencyContact.MaxPhoneLength).IsRequired();
        builder.Property(c => c.CalledById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(c => c.CalledByName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        builder.Property(c => c.Note).HasMaxLength(CallBack.MaxNoteLength).IsRequired();
        builder.Ignore(c => c.CalledBy);
        builder.Property<Guid>("DemandId");
        builder.HasIndex("DemandId");
    }
}

public sealed class ReceivedMessageConfiguration : IEntityTypeConfiguration<ReceivedMessageRecord>
{
    public void Configure(EntityTypeBuilder<ReceivedMessageRecord> builder)
    {
        builder.ToTable("ReceivedMessages");
        builder.HasKey(m => m.Sha256);
        builder.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(m => m.FileName).HasMaxLength(OrderDocument.MaxFileNameLength).IsRequired();
        builder.Property(m => m.From).HasMaxLength(SenderAddress.MaxLength);
        builder.Property(m => m.Subject).HasMaxLength(ReceivedMessageRecord.MaxSubjectLength);
        builder.Property(m => m.ReceivedById).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(m => m.ReceivedByName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        builder.OwnsMany(m => m.Attachments, a =>
        {
            a.ToTable("ReceivedMessageAttachments");
            a.WithOwner().HasForeignKey("MessageSha256");
            a.Property<int>("Id");
            a.HasKey("Id");
            a.Property(x => x.FileName).HasMaxLength(OrderDocument.MaxFileNameLength).IsRequired();
            a.Property(x => x.ContentType).HasMaxLength(StoredDocument.MaxContentTypeLength).IsRequired();
            a.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
            a.Property(x => x.Check).HasMaxLength(ReceivedAttachment.MaxCheckLength).IsRequired();
        });
    }
}
