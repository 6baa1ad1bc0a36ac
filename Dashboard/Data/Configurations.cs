using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ablation.Dashboard.Data;

internal sealed class StudyConfiguration : IEntityTypeConfiguration<Study>
{
    public void Configure(EntityTypeBuilder<Study> study)
    {
        study.Property(s => s.Name).HasMaxLength(200);
        study.Property(s => s.Dataset).HasMaxLength(200);
        study.Property(s => s.GridMode).HasMaxLength(32);
        study.HasMany(s => s.Runs).WithOne(r => r.Study).HasForeignKey(r => r.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> run)
    {
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Label).HasMaxLength(500);
        // The scheduler's query: the oldest queued runs.
        run.HasIndex(r => new { r.Status, r.Id });
        run.HasIndex(r => new { r.StudyId, r.Label, r.Repeat });
    }
}

internal sealed class MetricPointConfiguration : IEntityTypeConfiguration<MetricPoint>
{
    public void Configure(EntityTypeBuilder<MetricPoint> point)
    {
        point.Property(p => p.Split).HasMaxLength(8);
        point.Property(p => p.Name).HasMaxLength(32);
        // A study's curves in one range scan; a run's in another.
        point.HasIndex(p => new { p.StudyId, p.RunId, p.Step });
        point.HasOne<Run>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
