using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class CarryOverSettingConfiguration : IEntityTypeConfiguration<CarryOverSetting>
{
    public void Configure(EntityTypeBuilder<CarryOverSetting> entity)
    {
        entity.OwnedByUser();

        // A preference, not money: it goes with its category (the merge records it for undo) instead of pinning it.
        entity.HasOne(s => s.Category).WithMany().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Cascade);
        entity.Property(s => s.Mode).StoredAsText();
        entity.HasIndex(s => new { s.UserId, s.CategoryId, s.EffectiveMonth }).IsUnique();
    }
}
