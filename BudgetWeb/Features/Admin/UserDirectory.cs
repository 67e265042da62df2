using BudgetWeb.Common;
using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Admin;

public sealed record UserRow(string Id, string Email, DateTime RegisteredAt, bool IsAdmin, bool IsLockedOut);

/// <summary>Admins see who has an account. The check is repeated here, not only on the page.</summary>
public sealed class UserDirectory(IDbContextFactory<BudgetDbContext> factory, CurrentUser currentUser, TimeProvider clock)
{
    public const string AdminsOnly = "Only an administrator can see the list of users.";

    public async Task<Result<IReadOnlyList<UserRow>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync<IReadOnlyList<UserRow>>(AdminsOnly) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.RegisteredAt)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.RegisteredAt,
                u.LockoutEnd,
                IsAdmin = db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.AdminRoleId),
            })
            .ToListAsync(cancellationToken);
        IReadOnlyList<UserRow> rows = users
            .Select(u => new UserRow(u.Id, u.Email ?? "", u.RegisteredAt, u.IsAdmin, u.LockoutEnd > now))
            .ToList();
        return Result.Ok(rows, $"{rows.Count} users");
    }
}
