using System.Data;
using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Admin;

/// <summary>
/// What an admin does for other users on the Users page: make or remove administrators (never leaving none) and hand
/// out one-time password reset links, since this app sends no email. Each is a recorded operation of the admin.
/// </summary>
public sealed class UserAdministration(
    IDbContextFactory<BudgetDbContext> factory,
    TransactionRunner runner,
    UserManager<ApplicationUser> users,
    CurrentUser currentUser)
{
    public const string AdminsOnly = "Only an administrator can manage users.";
    public const string UserGone = "That account no longer exists.";

    /// <summary>How long a reset link works (Identity's token lifespan, set in the Identity registration).</summary>
    public static readonly TimeSpan ResetLinkLifespan = TimeSpan.FromHours(24);

    public Task<Result> MakeAdminAsync(string userId, Guid operationKey, CancellationToken cancellationToken = default) =>
        ChangeRoleAsync(userId, OperationKind.AdminGranted, operationKey, async (scope, email, isAdmin) =>
        {
            if (isAdmin)
            {
                return Result.Fail(FailureKind.Conflict, $"{email} is already an administrator.");
            }

            scope.Db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = Roles.AdminRoleId });
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return Result.Ok($"{email} is now an administrator.");
        }, cancellationToken);

    public Task<Result> RemoveAdminAsync(string userId, Guid operationKey, CancellationToken cancellationToken = default) =>
        ChangeRoleAsync(userId, OperationKind.AdminRevoked, operationKey, async (scope, email, isAdmin) =>
        {
            if (!isAdmin)
            {
                return Result.Fail(FailureKind.Conflict, $"{email} is not an administrator.");
            }

            // Only an admin gets here, so the last administrator can only be the one asking.
            if (!await scope.Db.UserRoles.AnyAsync(r => r.RoleId == Roles.AdminRoleId && r.UserId != userId, scope.CancellationToken))
            {
                return Result.Fail(FailureKind.Conflict, UserMessages.OnlyAdministrator);
            }

            await scope.Db.UserRoles.Where(r => r.UserId == userId && r.RoleId == Roles.AdminRoleId).ExecuteDeleteAsync(scope.CancellationToken);

            // A new security stamp makes their signed-in sessions re-check the account, so the Admin role drops from them too.
            var stamp = Guid.NewGuid().ToString();
            await scope.Db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp), scope.CancellationToken);
            return Result.Ok($"{email} is no longer an administrator.");
        }, cancellationToken);

    /// <summary>
    /// A link to the reset page carrying Identity's password reset token: it works once (resetting the password changes
    /// the security stamp the token was made from) and for <see cref="ResetLinkLifespan"/>. The token is never stored.
    /// </summary>
    public async Task<Result<string>> CreateResetLinkAsync(string userId, Guid operationKey, CancellationToken cancellationToken = default)
    {
        // Made before the transaction: the first token of an installation writes a Data Protection key to the database.
        // The user is read afresh (not through Identity's circuit-long context), so the token carries the current security stamp.
        ApplicationUser? user;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (await RefuseUnlessAdminAsync(db, cancellationToken) is { } refused)
            {
                return Result.Fail<string>(refused.Failure!.Value, refused.Message);
            }

            user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        }

        var token = user is null ? null : await users.GeneratePasswordResetTokenAsync(user);
        var result = await runner.RunAsync(new OperationRequest(await currentUser.GetIdAsync(), OperationKind.PasswordResetLinkCreated, operationKey), async scope =>
        {
            if (user is null || !await scope.Db.Users.AnyAsync(u => u.Id == userId, scope.CancellationToken))
            {
                return Result.Fail(FailureKind.NotFound, UserGone);
            }

            scope.Record(new { UserId = user.Id, user.Email, ExpiresAt = scope.Now + ResetLinkLifespan });
            return Result.Ok($"Created a password reset link for {user.Email}. It works once, for 24 hours.");
        }, cancellationToken);

        var link = $"Account/ResetPassword?userId={Uri.EscapeDataString(userId)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token ?? ""))}";
        return result.Succeeded ? Result.Ok(link, result.Message) : Result.Fail<string>(result.Failure!.Value, result.Message);
    }

    /// <summary>When accounts were deleted, newest first; who is not kept.</summary>
    public async Task<Result<IReadOnlyList<DateTime>>> DeletionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await RefuseUnlessAdminAsync(db, cancellationToken) is { } refused)
        {
            return Result.Fail<IReadOnlyList<DateTime>>(refused.Failure!.Value, refused.Message);
        }

        IReadOnlyList<DateTime> deletions = await db.AccountDeletions.AsNoTracking()
            .OrderByDescending(d => d.DeletedAt).ThenByDescending(d => d.Id)
            .Select(d => d.DeletedAt)
            .ToListAsync(cancellationToken);
        return Result.Ok(deletions, $"{deletions.Count} accounts deleted");
    }

    private async Task<Result> ChangeRoleAsync(string userId, OperationKind kind, Guid operationKey, Func<OperationScope, string, bool, Task<Result>> change, CancellationToken cancellationToken)
    {
        return await runner.RunAsync(new OperationRequest(await currentUser.GetIdAsync(), kind, operationKey), async scope =>
        {
            if (await RefuseUnlessAdminAsync(scope.Db, scope.CancellationToken) is { } refused)
            {
                return refused;
            }

            var email = await scope.Db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(scope.CancellationToken);
            if (email is null)
            {
                return Result.Fail(FailureKind.NotFound, UserGone);
            }

            var isAdmin = await scope.Db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == Roles.AdminRoleId, scope.CancellationToken);
            scope.Record(new { UserId = userId, Email = email });
            return await change(scope, email, isAdmin);
        }, IsolationLevel.Serializable, cancellationToken);
    }

    /// <summary>
    /// The one admin check of this service (to become the shared admin guard). Besides the sign-in's role it asks the
    /// database, so an administrator whose role was just removed can't go on managing users from an open page.
    /// </summary>
    /// <summary>The shared admin guard, and the database too: an admin removed a moment ago may still hold the claim.</summary>
    private async Task<Result?> RefuseUnlessAdminAsync(BudgetDbContext db, CancellationToken cancellationToken)
    {
        if (await currentUser.RefuseUnlessAdminAsync(AdminsOnly) is { } refused)
        {
            return refused;
        }

        var me = await currentUser.GetIdAsync();
        return await db.UserRoles.AnyAsync(r => r.UserId == me && r.RoleId == Roles.AdminRoleId, cancellationToken)
            ? null
            : Result.Fail(FailureKind.Forbidden, AdminsOnly);
    }
}
