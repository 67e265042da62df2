using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class OperationConfiguration : IEntityTypeConfiguration<Operation>
{
    public void Configure(EntityTypeBuilder<Operation> entity)
    {
        entity.OwnedByUser();
        entity.Property(o => o.Kind).StoredAsText();
        entity.Property(o => o.Summary).HasMaxLength(Operation.SummaryMaxLength).IsRequired();
        entity.Property(o => o.Details).IsRequired();

        // Idempotency: a repeated submit of the same operation can't commit twice.
        entity.HasIndex(o => o.Key).IsUnique();
        entity.HasIndex(o => new { o.UserId, o.CreatedAt });

        // Undo: each operation is reversed at most once, whatever races (two tabs, a double click, a retried commit).
        entity.HasOne<Operation>().WithMany().HasForeignKey(o => o.UndoOfId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Operation>().WithMany().HasForeignKey(o => o.UndoneById).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(o => o.UndoOfId).IsUnique().HasFilter("UndoOfId IS NOT NULL");
        entity.HasIndex(o => o.UndoneById);
    }
}
