using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> entity)
    {
        // Negative is a refund (money back that reduces the category's spending); zero is never an expense.
        entity.ToTable(t => t.HasCheckConstraint("CK_Expenses_Amount_NotZero", "AmountCents <> 0"));
        entity.OwnedByUser();
        entity.PointsAtCategory(e => e.Category, e => e.CategoryId);
        entity.Property(e => e.Description).HasMaxLength(Expense.DescriptionMaxLength).IsRequired();
        entity.Property(e => e.Note).HasMaxLength(Expense.NoteMaxLength);
        entity.Property(e => e.ImportKey).HasMaxLength(100);
        entity.Property(e => e.Version).IsConcurrencyToken();
        entity.HasOne(e => e.ImportBatch).WithMany().HasForeignKey(e => e.ImportBatchId).OnDelete(DeleteBehavior.Restrict);

        // The expense list pages by date per user, optionally within one category.
        entity.HasIndex(e => new { e.UserId, e.Date });
        entity.HasIndex(e => new { e.UserId, e.CategoryId, e.Date });

        // Covers the monthly sums (Summary, Categories, trend): the database adds up amounts without visiting the table.
        entity.HasIndex(e => new { e.UserId, e.Date, e.CategoryId, e.AmountCents }, "IX_Expenses_Sums");
        entity.HasIndex(e => e.CategoryId);
        entity.HasIndex(e => new { e.UserId, e.ImportKey }).IsUnique().HasFilter("ImportKey IS NOT NULL");
        entity.HasIndex(e => e.SplitGroupId).HasFilter("SplitGroupId IS NOT NULL");
    }
}
