using ComplianceReview.App.Identity.Sessions;
using ComplianceReview.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceReview.App.Data.Configurations;

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("Sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(UserSession.IdLength).IsFixedLength();
        builder.Property(s => s.UserId).HasMaxLength(UserRef.MaxIdLength).IsRequired();
        builder.Property(s => s.UserName).HasMaxLength(UserRef.MaxNameLength).IsRequired();
        builder.Property(s => s.EndReason).HasMaxLength(UserSession.MaxEndReasonLength);
        builder.Property(s => s.Ticket).IsRequired();
        // "End this user's sessions" and the administrator's list look sessions up by user.
        builder.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}
