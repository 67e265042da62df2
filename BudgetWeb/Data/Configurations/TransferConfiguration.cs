using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> entity)
    {
        entity.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Transfers_Amount_Positive", "AmountCents > 0");
            t.HasCheckConstraint("CK_Transfers_Categories_Differ", "FromCategoryId <> ToCategoryId");
        });
        entity.OwnedByUser();
        entity.PointsAtCategory(t => t.FromCategory, t => t.FromCategoryId);
        entity.PointsAtCategory(t => t.ToCategory, t => t.ToCategoryId);
        entity.Property(t => t.Note).HasMaxLength(Expense.NoteMaxLength);
        entity.HasOne(t => t.Operation).WithMany().HasForeignKey(t => t.OperationId).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(t => new { t.UserId, t.Month });
    }
}
