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
        entity.Property(c => c.Version).IsConcurrencyToken();
    }
}
