namespace BudgetWeb.Data;

public static class Roles
{
    public const string Admin = "Admin";

    /// <summary>Fixed so the role can be seeded by migrations on both providers.</summary>
    public const string AdminRoleId = "b3f1a6d2-7c4e-4f0a-9e21-6a8d5c3b2e10";
}
