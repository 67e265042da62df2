using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class ImportProfileConfiguration : IEntityTypeConfiguration<ImportProfile>
{
    public void Configure(EntityTypeBuilder<ImportProfile> entity)
    {
        entity.OwnedByUser();
        entity.Property(p => p.HeaderHash).HasMaxLength(64).IsRequired();
        entity.Property(p => p.Format).HasMaxLength(2000).IsRequired();
        entity.HasIndex(p => new { p.UserId, p.HeaderHash }).IsUnique();
    }
}
