using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class CategorizationRuleConfiguration : IEntityTypeConfiguration<CategorizationRule>
{
    public void Configure(EntityTypeBuilder<CategorizationRule> entity)
    {
        entity.OwnedByUser();
        entity.PointsAtCategory(r => r.Category, r => r.CategoryId);
        entity.Property(r => r.Match).StoredAsText();
        entity.Property(r => r.Text).HasMaxLength(CategorizationRule.TextMaxLength).IsRequired();

        // Not unique: a reorder swaps two positions, and a unique index would refuse the half-way state.
        entity.HasIndex(r => new { r.UserId, r.Position });
    }
}
