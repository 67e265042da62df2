using BudgetWeb.Components.Pages.Admin;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;

namespace BudgetWeb.Tests.Components;

public sealed class UsersPageAdminTests : ComponentTestBase
{
    private TestUser _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        await Database.CreateUserAsync("bob@example.com");
        SignIn(_admin);
    }

    private IRenderedComponent<DialogHost> RenderPage()
    {
        var page = Context.Render<DialogHost>(p => p.AddChildContent<UsersPage>());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users-table] tbody tr").Count));
        return page;
    }

    private static string Row(IRenderedComponent<DialogHost> page, string email) =>
        page.FindAll("[data-testid=users-table] tbody tr").Single(r => r.TextContent.Contains(email)).TextContent;

    private static Task ClickInRowAsync(IRenderedComponent<DialogHost> page, string email, string button) =>
        page.InvokeAsync(() => page.FindAll("[data-testid=users-table] tbody tr").Single(r => r.TextContent.Contains(email))
            .QuerySelectorAll("button").Single(b => b.TextContent.Trim() == button).Click());

    [Fact]
    public async Task Make_administrator_and_remove_administrator_change_the_role_shown()
    {
        var page = RenderPage();

        await ClickInRowAsync(page, "bob@example.com", "Make administrator");

        page.WaitForAssertion(() => page.AssertToast("bob@example.com is now an administrator.", failure: false));
        page.WaitForAssertion(() => Assert.Contains("Remove administrator", Row(page, "bob@example.com")));
        Assert.Contains("Admin", Row(page, "bob@example.com"));

        await ClickInRowAsync(page, "bob@example.com", "Remove administrator");

        page.WaitForAssertion(() => page.AssertToast("bob@example.com is no longer an administrator.", failure: false));
        page.WaitForAssertion(() => Assert.Contains("Member", Row(page, "bob@example.com")));
    }

    [Fact]
    public async Task Removing_the_only_administrator_shows_why_not()
    {
        var page = RenderPage();

        await ClickInRowAsync(page, "admin@example.com", "Remove administrator");

        page.WaitForAssertion(() => page.AssertToast("You are the only administrator. Make someone else an administrator first.", failure: true));
        Assert.Contains("Admin", Row(page, "admin@example.com"));
    }

    [Fact]
    public async Task A_password_reset_link_is_shown_for_the_admin_to_copy()
    {
        var page = RenderPage();
        Assert.Contains("No account has been deleted.", page.Find("[data-testid=deleted-accounts]").TextContent);

        await ClickInRowAsync(page, "bob@example.com", "Password reset link");

        page.WaitForAssertion(() => Assert.Contains("/Account/ResetPassword?userId=", page.Field("Password reset link for bob@example.com").GetAttribute("value")));
        Assert.Contains("It works once, for 24 hours.", page.Find("[data-testid=reset-link]").TextContent);
        page.AssertToast("Created a password reset link for bob@example.com. It works once, for 24 hours.", failure: false);
    }
}
