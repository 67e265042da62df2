using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class BudgetAllocationConfiguration : IEntityTypeConfiguration<BudgetAllocation>
{
    public void Configure(EntityTypeBuilder<BudgetAllocation> entity)
    {
        entity.ToTable(t => t.HasCheckConstraint("CK_BudgetAllocations_Amount_NotNegative", "AmountCents >= 0"));
        entity.OwnedByUser();
        entity.PointsAtCategory(a => a.Category, a => a.CategoryId);
        entity.HasIndex(a => new { a.UserId, a.CategoryId, a.Month }).IsUnique();
        entity.HasIndex(a => new { a.UserId, a.Month });
        entity.Property(a => a.Version).IsConcurrencyToken();
        entity.HasMany(a => a.Journal).WithOne(j => j.Allocation).HasForeignKey(j => j.AllocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BudgetJournalEntryConfiguration : IEntityTypeConfiguration<BudgetJournalEntry>
{
    public void Configure(EntityTypeBuilder<BudgetJournalEntry> entity)
    {
        entity.Property(j => j.Kind).StoredAsText();
        entity.HasOne(j => j.Operation).WithMany().HasForeignKey(j => j.OperationId).OnDelete(DeleteBehavior.Restrict);
    }
}
