using System.Data;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Accounts;

/// <summary>
/// "Delete my account": the signed-in user, after giving their password and typing their email again, is removed with
/// every row they own in one serializable transaction. Shared categories and other users are untouched. The checks run
/// inside the transaction on the context Identity reads through, so a failure anywhere changes nothing.
/// </summary>
public sealed class AccountDeletion(UserManager<ApplicationUser> users, BudgetDbContext db, TransactionRunner runner, CurrentUser currentUser)
{
    public const string WrongPassword = "That password is not correct. Nothing was deleted.";
    public const string WrongEmail = "That is not the email of this account. Nothing was deleted.";
    public const string Deleted = "Your account and everything it held have been deleted.";
    public const string Gone = "This account no longer exists.";

    public async Task<Result> DeleteAsync(string password, string email, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(db, OperationRequest.New(userId, OperationKind.AccountDeleted), async scope =>
        {
            // The account's own activity goes with it; the installation keeps an AccountDeletion row instead.
            scope.Db.Entry(scope.Operation).State = EntityState.Detached;

            var user = await users.FindByIdAsync(userId);
            if (user is null)
            {
                return Result.Fail(FailureKind.NotFound, Gone);
            }

            if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
            {
                return Result.Fail(FailureKind.Validation, WrongPassword);
            }

            if (string.IsNullOrWhiteSpace(email) || users.NormalizeEmail(email.Trim()) != user.NormalizedEmail)
            {
                return Result.Fail(FailureKind.Validation, WrongEmail);
            }

            if (await IsLastAdminAmongOthersAsync(scope.Db, userId, scope.CancellationToken))
            {
                return Result.Fail(FailureKind.Conflict, UserMessages.OnlyAdministrator);
            }

            await RemoveEverythingOwnedAsync(scope.Db, userId, scope.CancellationToken);
            scope.Db.AccountDeletions.Add(new AccountDeletionRecord { DeletedAt = scope.Now });
            return Result.Ok(Deleted);
        }, IsolationLevel.Serializable, cancellationToken);
    }

    /// <summary>An installation with users must keep an administrator; the very last account may go.</summary>
    private static async Task<bool> IsLastAdminAmongOthersAsync(BudgetDbContext db, string userId, CancellationToken ct) =>
        await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == Roles.AdminRoleId, ct)
        && !await db.UserRoles.AnyAsync(r => r.UserId != userId && r.RoleId == Roles.AdminRoleId, ct)
        && await db.Users.AnyAsync(u => u.Id != userId, ct);

    /// <summary>Children before parents: every foreign key is RESTRICT, so a row this misses makes the whole deletion fail.</summary>
    private static async Task RemoveEverythingOwnedAsync(BudgetDbContext db, string userId, CancellationToken ct)
    {
        await db.BudgetJournal.Where(j => db.BudgetAllocations.Any(a => a.Id == j.AllocationId && a.UserId == userId)).ExecuteDeleteAsync(ct);
        await db.Expenses.Where(e => e.UserId == userId).ExecuteDeleteAsync(ct);
        await db.ExpenseMonthTotals.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct); // emptied by the triggers already; this also clears damaged ones
        await db.Transfers.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.BudgetAllocations.Where(a => a.UserId == userId).ExecuteDeleteAsync(ct);
        await db.ImportBatches.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct);
        await db.ImportProfiles.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
        await db.CategorizationRules.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        await db.CarryOverSettings.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Operations.Where(o => o.UserId == userId).ExecuteDeleteAsync(ct);

        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserPasskeys.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);
    }
}
