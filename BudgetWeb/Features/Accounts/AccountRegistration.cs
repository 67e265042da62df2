using System.Data;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Accounts;

public sealed record RegistrationOutcome(IdentityResult Identity, Result Result, bool IsAdmin);

/// <summary>
/// Creates an account; the first account of the installation also becomes Admin. Both happen in one serializable
/// transaction on the context Identity saves through, so two people registering at once can't both (or neither) be first.
/// </summary>
public sealed class AccountRegistration(UserManager<ApplicationUser> users, BudgetDbContext db, TransactionRunner runner, TimeProvider clock)
{
    public async Task<RegistrationOutcome> RegisterAsync(ApplicationUser user, string password, CancellationToken cancellationToken = default)
    {
        var identity = IdentityResult.Success;
        var isAdmin = false;
        user.RegisteredAt = clock.GetUtcNow().UtcDateTime;

        var result = await runner.RunAsync(db, OperationRequest.New(user.Id, OperationKind.AdminGranted), async scope =>
        {
            // The unit may be retried: start from the user as the caller gave it.
            identity = await users.CreateAsync(user, password);
            if (!identity.Succeeded)
            {
                return Result.Fail(FailureKind.Validation, string.Join(" ", identity.Errors.Select(e => e.Description)));
            }

            isAdmin = !await scope.Db.UserRoles.AnyAsync(r => r.RoleId == Roles.AdminRoleId, scope.CancellationToken);
            if (!isAdmin)
            {
                scope.Operation.Kind = OperationKind.AccountRegistered;
                return Result.Ok("Welcome to BudgetWeb.");
            }

            identity = await users.AddToRoleAsync(user, Roles.Admin);
            return identity.Succeeded
                ? Result.Ok("Welcome to BudgetWeb. As the first account, you are its administrator.")
                : Result.Fail(FailureKind.Unexpected, UserMessages.Unexpected);
        }, IsolationLevel.Serializable, cancellationToken);

        return new RegistrationOutcome(identity, result, isAdmin && result.Succeeded);
    }
}
