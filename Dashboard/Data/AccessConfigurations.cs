using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ablation.Dashboard.Data;

internal sealed class ShareLinkConfiguration : IEntityTypeConfiguration<ShareLink>
{
    public void Configure(EntityTypeBuilder<ShareLink> link)
    {
        link.Property(l => l.TokenHash).HasMaxLength(64);
        link.Property(l => l.CreatedBy).HasMaxLength(256);
        link.HasIndex(l => l.TokenHash).IsUnique();
        link.HasIndex(l => l.StudyId);
        link.HasOne<Study>().WithMany().HasForeignKey(l => l.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.Property(t => t.Name).HasMaxLength(200);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.UserId);
        token.HasOne<IdentityUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
