using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> entity) =>
        entity.HasData(new IdentityRole
        {
            Id = Roles.AdminRoleId,
            Name = Roles.Admin,
            NormalizedName = Roles.Admin.ToUpperInvariant(),
            ConcurrencyStamp = "5f8c2a4e-0b1d-4c5e-9a37-2d6f1e8b9c40",
        });
}
