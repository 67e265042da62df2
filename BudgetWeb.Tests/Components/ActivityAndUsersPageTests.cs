using BudgetWeb.Common;
using BudgetWeb.Components.Pages.Activity;
using BudgetWeb.Components.Pages.Admin;
using BudgetWeb.Data.Entities;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Components;

public sealed class ActivityAndUsersPageTests : ComponentTestBase
{
    private Task<Result> RecordAsync(TestUser user, string summary) =>
        Database.Services.GetRequiredService<TransactionRunner>().RunAsync(
            OperationRequest.New(user.Id, OperationKind.CategoryCreated), _ => Task.FromResult(Result.Ok(summary)));

    [Fact]
    public async Task Activity_lists_my_operations_and_never_another_users()
    {
        var alice = await Database.CreateUserAsync("alice@example.com");
        var bob = await Database.CreateUserAsync("bob@example.com");
        await RecordAsync(alice, "Created category Food.");
        await RecordAsync(bob, "Created category Bob's secret.");
        SignIn(alice);

        var page = Context.Render<ActivityPage>();

        page.WaitForAssertion(() => Assert.Contains("Created category Food.", page.Find("[data-testid=activity-table]").TextContent));
        Assert.Contains("Category created", page.Markup);
        Assert.DoesNotContain("Bob's secret", page.Markup);
    }

    [Fact]
    public async Task Activity_says_so_when_nothing_was_recorded()
    {
        SignIn(await Database.CreateUserAsync("alice@example.com"));

        var page = Context.Render<ActivityPage>();

        page.WaitForAssertion(() => Assert.Contains("Nothing recorded yet.", page.Markup));
    }

    [Fact]
    public async Task The_users_page_lists_accounts_with_their_roles_for_an_admin()
    {
        var alice = await Database.CreateUserAsync("alice@example.com", admin: true);
        await Database.CreateUserAsync("bob@example.com");
        SignIn(alice);

        var page = Context.Render<UsersPage>();

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=users-table] tbody tr").Select(r => r.TextContent).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Contains("alice@example.com", rows[0]);
            Assert.Contains("Admin", rows[0]);
            Assert.Contains("bob@example.com", rows[1]);
            Assert.Contains("Member", rows[1]);
        });
    }

    [Fact]
    public async Task The_users_service_refuses_a_member_even_if_the_page_were_reached()
    {
        SignIn(await Database.CreateUserAsync("bob@example.com"));

        var page = Context.Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Contains("Only an administrator can see the list of users.", page.Markup));
        Assert.DoesNotContain("bob@example.com", page.Markup);
    }
}
