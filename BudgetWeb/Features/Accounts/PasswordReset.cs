using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace BudgetWeb.Features.Accounts;

/// <summary>
/// The other half of an admin's password reset link: the user opens it and sets a new password. Identity checks the
/// token (one use, 24 hours); the change is recorded in the user's activity, in one transaction on Identity's context.
/// </summary>
public sealed class PasswordReset(UserManager<ApplicationUser> users, BudgetDbContext db, TransactionRunner runner)
{
    public const string LinkNotValid = "This password reset link has expired or has already been used. Ask an administrator for a new one.";
    public const string Done = "Your password has been reset. Log in with your new password.";

    /// <summary>The email the link is for, or null when it names no account.</summary>
    public async Task<string?> EmailForAsync(string userId) => (await users.FindByIdAsync(userId))?.Email;

    public async Task<Result> ResetAsync(string userId, string code, string newPassword, CancellationToken cancellationToken = default)
    {
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return Result.Fail(FailureKind.Validation, LinkNotValid);
        }

        return await runner.RunAsync(db, OperationRequest.New(userId, OperationKind.PasswordReset), async scope =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null)
            {
                return Result.Fail(FailureKind.Validation, LinkNotValid);
            }

            var identity = await users.ResetPasswordAsync(user, token, newPassword);
            if (!identity.Succeeded)
            {
                return Result.Fail(FailureKind.Validation, identity.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                    ? LinkNotValid
                    : string.Join(" ", identity.Errors.Select(e => e.Description)));
            }

            // A reset link is also how a locked-out person gets back in.
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return Result.Ok(Done);
        }, isolation: null, cancellationToken);
    }
}
