using System.Text;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Rules;
using BudgetWeb.Features.Transfers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>Alice and Bob with passwords, and a way to give a user one of everything a user can own.</summary>
public abstract class AccountTestBase : ServiceTestBase
{
    public const string Password = "Correct-horse-9";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SetPasswordAsync(Alice);
        await SetPasswordAsync(Bob);
    }

    protected async Task SetPasswordAsync(TestUser user, string password = Password)
    {
        await using var scope = Database.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(user.Id) ?? throw new InvalidOperationException("no such user");
        Assert.True((await users.AddPasswordAsync(account, password)).Succeeded);
    }

    /// <summary>
    /// Through the app's services: expenses (one split, one imported, one whose description looks like a formula),
    /// budgets with their journal, a transfer, an import (which remembers its file's format), a carry-over setting and so
    /// the activity of each. <paramref name="tag"/> marks the
    /// user's texts so a test can tell whose rows it sees.
    /// </summary>
    protected async Task SeedEverythingAsync(TestUser user, string tag)
    {
        Assert.True((await As<ExpenseService>(user).AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 3), Description = $"{tag} groceries", Amount = 12.5m, CategoryId = Food, Note = $"{tag} note" }, Guid.NewGuid())).Succeeded);
        Assert.True((await As<ExpenseService>(user).AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 4), Description = $"=HYPERLINK(\"http://evil\",\"{tag}\")", Amount = 1m, CategoryId = Fun }, Guid.NewGuid())).Succeeded);
        Assert.True((await As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 400m }, Guid.NewGuid())).Succeeded);
        Assert.True((await As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = Fun, Month = March2026, Amount = 50m }, Guid.NewGuid())).Succeeded);
        Assert.True((await As<TransferService>(user).MoveAsync(new TransferInput { FromCategoryId = Food, ToCategoryId = Fun, Month = new DateTime(2026, 3, 1), Amount = 25m, Note = $"{tag} transfer" }, Guid.NewGuid())).Succeeded);

        var importer = As<ImportService>(user);
        var csv = $"Date,Description,Amount,Category\n2026-03-05,{tag} bakery,4.20,Food\n";
        var detected = await importer.DetectAsync(Encoding.UTF8.GetBytes(csv));
        Assert.True(detected.Succeeded, detected.Message);
        var preview = await importer.PreviewAsync(Encoding.UTF8.GetBytes(csv), $"{tag}-bank.csv", new ImportOptions(Format: detected.Value!.Format, HeaderKey: detected.Value.HeaderKey));
        Assert.True(preview.Succeeded, preview.Message);
        Assert.True((await importer.ImportAsync(preview.Value!, ImportMode.ValidRows, Guid.NewGuid())).Result.Succeeded);

        Assert.True((await As<CarryOverService>(user).SetAsync(Fun, CarryOverMode.None, March2026, Guid.NewGuid())).Succeeded);

        var expenses = As<ExpenseService>(user);
        await using var db = Database.CreateDbContext();
        var groceries = await db.Expenses.SingleAsync(e => e.UserId == user.Id && e.Description == $"{tag} groceries");
        Assert.True((await expenses.SplitAsync(groceries.Id, groceries.Version, new SplitInput { OriginalAmount = 12.5m, Parts = [new() { CategoryId = Food, Amount = 10m }, new() { CategoryId = Rent, Amount = 2.5m }] }, Guid.NewGuid())).Succeeded);
        Assert.True((await As<RuleService>(user).AddAsync(new RuleInput { Text = $"{tag} bakery", CategoryId = Food }, Guid.NewGuid())).Succeeded);
    }

    /// <summary>
    /// Identity's other per-user rows (a role, claims, external logins, tokens, passkeys), which a deletion must remove
    /// too. The role makes the user an administrator: give the installation another one if they are to be deleted.
    /// </summary>
    protected async Task SeedIdentityRowsAsync(TestUser user)
    {
        await using var connection = new SqliteConnection($"Data Source={Database.FilePath};Pooling=False;Foreign Keys=True");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($id, $admin);
            INSERT INTO AspNetUserClaims (UserId, ClaimType, ClaimValue) VALUES ($id, 'nickname', 'x');
            INSERT INTO AspNetUserLogins (LoginProvider, ProviderKey, ProviderDisplayName, UserId) VALUES ('Test', $id, 'Test', $id);
            INSERT INTO AspNetUserTokens (UserId, LoginProvider, Name, Value) VALUES ($id, '[AspNetUserStore]', 'AuthenticatorKey', 'secret');
            INSERT INTO AspNetUserPasskeys (CredentialId, UserId, Data) VALUES (randomblob(16), $id, '{}');
            """;
        command.Parameters.AddWithValue("$id", user.Id);
        command.Parameters.AddWithValue("$admin", Roles.AdminRoleId);
        await command.ExecuteNonQueryAsync();
    }
}
