using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetWeb.Data.Configurations;

internal static class ModelBuilderExtensions
{
    /// <summary>
    /// Rows a user owns point at the user with RESTRICT: deleting an account is an explicit, recorded operation
    /// that removes what it owns, never a silent cascade.
    /// </summary>
    public static void OwnedByUser<T>(this EntityTypeBuilder<T> entity)
        where T : class
    {
        const string userId = "UserId";
        entity.Property<string>(userId).HasMaxLength(450).IsRequired();
        entity.HasOne<ApplicationUser>().WithMany().HasForeignKey(userId).OnDelete(DeleteBehavior.Restrict);
    }

    /// <summary>Categories are referenced with RESTRICT: a category anything points at can only be merged, not deleted.</summary>
    public static ReferenceCollectionBuilder<Category, T> PointsAtCategory<T>(
        this EntityTypeBuilder<T> entity,
        System.Linq.Expressions.Expression<Func<T, Category?>> navigation,
        System.Linq.Expressions.Expression<Func<T, object?>> foreignKey)
        where T : class =>
        entity.HasOne(navigation).WithMany().HasForeignKey(foreignKey).OnDelete(DeleteBehavior.Restrict);

    public static PropertyBuilder<TEnum> StoredAsText<TEnum>(this PropertyBuilder<TEnum> property) =>
        property.HasConversion<string>().HasMaxLength(40);
}
