using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class ExpenseMonthTotalConfiguration : IEntityTypeConfiguration<ExpenseMonthTotal>
{
    /// <summary>The trigger on Expenses that keeps the totals (SQL Server must know, or EF's OUTPUT clause is refused).</summary>
    public const string Trigger = "Expenses_MonthTotals";

    public void Configure(EntityTypeBuilder<ExpenseMonthTotal> entity)
    {
        // Keyed for what reads it: one user's months in order, each month's categories beside each other.
        entity.HasKey(t => new { t.UserId, t.Month, t.CategoryId });
        entity.OwnedByUser();
        entity.PointsAtCategory(t => t.Category, t => t.CategoryId);
    }
}
