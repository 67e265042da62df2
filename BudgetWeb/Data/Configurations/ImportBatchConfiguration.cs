using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> entity)
    {
        entity.OwnedByUser();
        entity.Property(b => b.FileName).HasMaxLength(260).IsRequired();
        entity.Property(b => b.FileHash).HasMaxLength(64).IsRequired();
        entity.Property(b => b.Status).StoredAsText();
        entity.HasOne(b => b.Operation).WithMany().HasForeignKey(b => b.OperationId).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(b => new { b.UserId, b.FileHash });
    }
}
