using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Features;

public sealed class AccountRegistrationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<RegistrationOutcome> RegisterAsync(string email, string password = "Correct-horse-9")
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var user = new ApplicationUser { UserName = email, Email = email };
        return await scope.ServiceProvider.GetRequiredService<AccountRegistration>().RegisterAsync(user, password);
    }

    private async Task<List<string>> AdminEmailsAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.Users.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.AdminRoleId)).Select(u => u.Email!).ToListAsync();
    }

    [Fact]
    public async Task The_first_account_becomes_admin_and_later_ones_do_not()
    {
        var first = await RegisterAsync("alice@example.com");
        var second = await RegisterAsync("bob@example.com");

        Assert.True(first.IsAdmin);
        Assert.Equal("Welcome to BudgetWeb. As the first account, you are its administrator.", first.Result.Message);
        Assert.False(second.IsAdmin);
        Assert.Equal(["alice@example.com"], await AdminEmailsAsync());
        await using var db = _database.CreateDbContext();
        var kinds = await db.Operations.OrderBy(o => o.Id).Select(o => o.Kind).ToListAsync();
        Assert.Equal([OperationKind.AdminGranted, OperationKind.AccountRegistered], kinds);
    }

    [Fact]
    public async Task Accounts_registered_at_the_same_moment_make_exactly_one_admin()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => RegisterAsync($"user{i}@example.com"))));

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Message));
        Assert.Single(outcomes, o => o.IsAdmin);
        Assert.Single(await AdminEmailsAsync());
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_Identitys_reason_and_creates_nothing()
    {
        var before = await _database.SnapshotAsync();

        var outcome = await RegisterAsync("alice@example.com", "short");

        Assert.False(outcome.Identity.Succeeded);
        Assert.Contains(outcome.Identity.Errors, e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort));
        Assert.False(outcome.Result.Succeeded);
        Assert.Equal(before, await _database.SnapshotAsync());
    }

    [Fact]
    public async Task A_taken_email_is_refused_and_changes_nothing()
    {
        await RegisterAsync("alice@example.com");
        var before = await _database.SnapshotAsync();

        var outcome = await RegisterAsync("alice@example.com");

        Assert.Contains(outcome.Identity.Errors, e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        Assert.Equal(before, await _database.SnapshotAsync());
    }
}
