using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> entity)
    {
        // Negative is a refund (money back that reduces the category's spending); zero is never an expense.
        entity.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Expenses_Amount_NotZero", "AmountCents <> 0");
            t.HasTrigger(ExpenseMonthTotalConfiguration.Trigger);
        });
        entity.OwnedByUser();
        entity.PointsAtCategory(e => e.Category, e => e.CategoryId);
        entity.Property(e => e.Description).HasMaxLength(Expense.DescriptionMaxLength).IsRequired();
        entity.Property(e => e.Note).HasMaxLength(Expense.NoteMaxLength);
        entity.Property(e => e.ImportKey).HasMaxLength(100);
        entity.Property(e => e.Version).IsConcurrencyToken();
        entity.HasOne(e => e.ImportBatch).WithMany().HasForeignKey(e => e.ImportBatchId).OnDelete(DeleteBehavior.Restrict);

        // The expense list pages by date per user, optionally within one category, and by amount or description: each
        // sort reads its page in index order (Id last, the tie-break, so PostgreSQL needs no sort step either). The
        // monthly sums read ExpenseMonthTotals, so no index covers amounts by date any more.
        entity.HasIndex(e => new { e.UserId, e.Date });
        entity.HasIndex(e => new { e.UserId, e.CategoryId, e.Date });
        entity.HasIndex(e => new { e.UserId, e.AmountCents, e.Id }, "IX_Expenses_UserId_Amount");
        entity.HasIndex(e => new { e.UserId, e.CategoryId, e.AmountCents, e.Id }, "IX_Expenses_UserId_CategoryId_Amount");
        entity.HasIndex(e => new { e.UserId, e.Description, e.Id }, "IX_Expenses_UserId_Description");
        entity.HasIndex(e => e.CategoryId);
        entity.HasIndex(e => new { e.UserId, e.ImportKey }).IsUnique().HasFilter("ImportKey IS NOT NULL");
        entity.HasIndex(e => e.SplitGroupId).HasFilter("SplitGroupId IS NOT NULL");
    }
}
