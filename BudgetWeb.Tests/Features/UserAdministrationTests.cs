using System.Text.Json;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Features.Admin;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BudgetWeb.Tests.Features;

public sealed class UserAdministrationTests : AccountTestBase
{
    private TestUser _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Database.CreateUserAsync("admin@example.com", admin: true);
    }

    private UserAdministration Administration => As<UserAdministration>(_admin);

    private async Task<List<string>> AdminEmailsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Users.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.AdminRoleId)).OrderBy(u => u.Email).Select(u => u.Email!).ToListAsync();
    }

    private async Task<List<(OperationKind Kind, string Summary, string Details)>> OperationsOfAsync(TestUser user)
    {
        await using var db = Database.CreateDbContext();
        return (await db.Operations.Where(o => o.UserId == user.Id).OrderBy(o => o.Id).ToListAsync()).Select(o => (o.Kind, o.Summary, o.Details)).ToList();
    }

    /// <summary>What the user does with the link: the query string of the reset page, handed to the reset service.</summary>
    private static (string UserId, string Code) Parse(string link)
    {
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost/"), link).Query);
        return (query["userId"]!, query["code"]!);
    }

    private async Task<bool> PasswordWorksAsync(TestUser user, string password)
    {
        await using var scope = Database.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.CheckPasswordAsync((await users.FindByIdAsync(user.Id))!, password);
    }

    [Fact]
    public async Task Making_and_removing_an_administrator_are_recorded_operations()
    {
        var made = await Administration.MakeAdminAsync(Bob.Id, Guid.NewGuid());
        Assert.Equal("bob@example.com is now an administrator.", made.Message);
        Assert.Equal(["admin@example.com", "bob@example.com"], await AdminEmailsAsync());

        var removed = await Administration.RemoveAdminAsync(Bob.Id, Guid.NewGuid());
        Assert.Equal("bob@example.com is no longer an administrator.", removed.Message);
        Assert.Equal(["admin@example.com"], await AdminEmailsAsync());

        var operations = await OperationsOfAsync(_admin);
        Assert.Equal([OperationKind.AdminGranted, OperationKind.AdminRevoked], operations.Select(o => o.Kind));
        Assert.Equal(["bob@example.com is now an administrator.", "bob@example.com is no longer an administrator."], operations.Select(o => o.Summary));
        Assert.All(operations, o => Assert.Equal(Bob.Id, JsonDocument.Parse(o.Details).RootElement.GetProperty("UserId").GetString()));
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_removed_and_nothing_changes()
    {
        await Database.AssertFailsAndChangesNothingAsync(() => Administration.RemoveAdminAsync(_admin.Id, Guid.NewGuid()), FailureKind.Conflict,
            "You are the only administrator. Make someone else an administrator first.");

        Assert.True((await Administration.MakeAdminAsync(Alice.Id, Guid.NewGuid())).Succeeded);
        Assert.True((await Administration.RemoveAdminAsync(_admin.Id, Guid.NewGuid())).Succeeded);
        Assert.Equal(["alice@example.com"], await AdminEmailsAsync());

        // Still signed in with the Admin role, but no longer one: the database decides.
        await Database.AssertFailsAndChangesNothingAsync(() => Administration.MakeAdminAsync(_admin.Id, Guid.NewGuid()), FailureKind.Forbidden, UserAdministration.AdminsOnly);
    }

    [Fact]
    public async Task Granting_twice_or_removing_a_member_is_refused_and_changes_nothing()
    {
        await Database.AssertFailsAndChangesNothingAsync(() => Administration.MakeAdminAsync(_admin.Id, Guid.NewGuid()), FailureKind.Conflict, "admin@example.com is already an administrator.");
        await Database.AssertFailsAndChangesNothingAsync(() => Administration.RemoveAdminAsync(Bob.Id, Guid.NewGuid()), FailureKind.Conflict, "bob@example.com is not an administrator.");
        await Database.AssertFailsAndChangesNothingAsync(() => Administration.MakeAdminAsync("no-such-user", Guid.NewGuid()), FailureKind.NotFound, UserAdministration.UserGone);
    }

    [Fact]
    public async Task A_member_can_do_none_of_it()
    {
        var member = As<UserAdministration>(Alice);

        await Database.AssertFailsAndChangesNothingAsync(() => member.MakeAdminAsync(Alice.Id, Guid.NewGuid()), FailureKind.Forbidden, UserAdministration.AdminsOnly);
        await Database.AssertFailsAndChangesNothingAsync(() => member.RemoveAdminAsync(_admin.Id, Guid.NewGuid()), FailureKind.Forbidden, UserAdministration.AdminsOnly);
        await Database.AssertFailsAndChangesNothingAsync(async () => await member.CreateResetLinkAsync(Bob.Id, Guid.NewGuid()), FailureKind.Forbidden, UserAdministration.AdminsOnly);
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once_and_is_recorded_without_its_token()
    {
        var link = await Administration.CreateResetLinkAsync(Bob.Id, Guid.NewGuid());
        Assert.Equal("Created a password reset link for bob@example.com. It works once, for 24 hours.", link.Message);
        Assert.StartsWith("Account/ResetPassword?userId=", link.Value);
        var (userId, code) = Parse(link.Value!);
        var reset = As<PasswordReset>(Bob);
        Assert.Equal("bob@example.com", await reset.EmailForAsync(userId));

        var first = await reset.ResetAsync(userId, code, "Brand-new-pass-1");

        Assert.Equal(PasswordReset.Done, first.Message);
        Assert.True(await PasswordWorksAsync(Bob, "Brand-new-pass-1"));
        Assert.False(await PasswordWorksAsync(Bob, Password));
        await Database.AssertFailsAndChangesNothingAsync(() => reset.ResetAsync(userId, code, "Another-pass-2"), FailureKind.Validation, PasswordReset.LinkNotValid);
        var created = Assert.Single(await OperationsOfAsync(_admin));
        Assert.Equal(OperationKind.PasswordResetLinkCreated, created.Kind);
        Assert.DoesNotContain(code, created.Details);
        Assert.Equal([OperationKind.PasswordReset], (await OperationsOfAsync(Bob)).Select(o => o.Kind));
    }

    [Fact]
    public async Task A_reset_with_a_weak_password_or_a_damaged_link_changes_nothing_and_the_link_still_works()
    {
        var (userId, code) = Parse((await Administration.CreateResetLinkAsync(Bob.Id, Guid.NewGuid())).Value!);
        var reset = As<PasswordReset>(Bob);

        await Database.AssertFailsAndChangesNothingAsync(() => reset.ResetAsync(userId, code, "short"), FailureKind.Validation,
            "Passwords must be at least 6 characters. Passwords must have at least one non alphanumeric character. Passwords must have at least one digit ('0'-'9'). Passwords must have at least one uppercase ('A'-'Z').");
        await Database.AssertFailsAndChangesNothingAsync(() => reset.ResetAsync(userId, code[..^4], "Brand-new-pass-1"), FailureKind.Validation, PasswordReset.LinkNotValid);
        await Database.AssertFailsAndChangesNothingAsync(() => reset.ResetAsync(Alice.Id, code, "Brand-new-pass-1"), FailureKind.Validation, PasswordReset.LinkNotValid);
        await Database.AssertFailsAndChangesNothingAsync(() => reset.ResetAsync(userId, "%%%", "Brand-new-pass-1"), FailureKind.Validation, PasswordReset.LinkNotValid);

        Assert.True((await reset.ResetAsync(userId, code, "Brand-new-pass-1")).Succeeded);
    }

    [Fact]
    public void Reset_links_are_valid_for_24_hours()
    {
        var options = Database.Services.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value;

        Assert.Equal(TimeSpan.FromHours(24), options.TokenLifespan);
    }

    [Fact]
    public async Task A_reset_link_opened_after_it_expired_is_refused_and_changes_nothing()
    {
        // Identity reads the real clock: a lifespan of minus one hour makes a link opened now as old as one opened 25 hours after it was made.
        await using var database = await TestDatabase.CreateAsync(configure: services =>
            services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(-1)));
        var admin = await database.CreateUserAsync("admin@example.com", admin: true);
        var bob = await database.CreateUserAsync("bob@example.com");
        var (userId, code) = Parse((await database.ServiceFor<UserAdministration>(admin).CreateResetLinkAsync(bob.Id, Guid.NewGuid())).Value!);

        await database.AssertFailsAndChangesNothingAsync(() => database.ServiceFor<PasswordReset>(bob).ResetAsync(userId, code, "Brand-new-pass-1"),
            FailureKind.Validation, "This password reset link has expired or has already been used. Ask an administrator for a new one.");
    }
}
