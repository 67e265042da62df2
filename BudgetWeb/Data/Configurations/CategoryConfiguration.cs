using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> entity)
    {
        entity.Property(c => c.Name).HasMaxLength(Category.NameMaxLength).IsRequired();
        entity.Property(c => c.NormalizedName).HasMaxLength(Category.NameMaxLength).IsRequired();
        entity.HasIndex(c => c.NormalizedName).IsUnique();

        // The expense list sorted by category walks categories in name order and each one's expenses by date.
        entity.HasIndex(c => c.Name);
        entity.Property(c => c.Version).IsConcurrencyToken();
    }
}
