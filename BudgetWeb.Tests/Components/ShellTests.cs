using BudgetWeb.Components.Layout;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace BudgetWeb.Tests.Components;

public sealed class ShellTests : ComponentTestBase
{
    private IRenderedComponent<MainLayout> RenderShell() =>
        Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Page</h1>"))));

    private static List<string> NavigationTexts(IRenderedComponent<MainLayout> shell) =>
        shell.FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_member_sees_the_five_sections_and_no_admin_section()
    {
        SignIn(await Database.CreateUserAsync("bob@example.com"));

        var shell = RenderShell();

        Assert.Equal(["Summary", "Expenses", "Categories", "Import", "Rules", "Activity"], NavigationTexts(shell));
        Assert.DoesNotContain("Admin", shell.Markup);
        Assert.Equal("Page", shell.Find("h1").TextContent);
    }

    [Fact]
    public async Task An_admin_also_sees_the_admin_section()
    {
        SignIn(await Database.CreateUserAsync("alice@example.com", admin: true));

        var shell = RenderShell();

        Assert.Contains("Admin", shell.Find(".mud-nav-group").TextContent);
        Assert.Equal(["Summary", "Expenses", "Categories", "Import", "Rules", "Activity", "Admin", "Manage categories", "Users", "Integrity"], NavigationTexts(shell));
    }

    [Fact]
    public async Task The_user_menu_shows_who_is_signed_in_and_offers_log_out()
    {
        SignIn(await Database.CreateUserAsync("bob@example.com"));
        var shell = RenderShell();

        shell.Find("[data-testid=user-menu] button").Click();

        shell.WaitForAssertion(() => Assert.Equal("bob@example.com", shell.Find("[data-testid=user-name]").TextContent));
        var logOut = shell.FindAll("form[action='Account/Logout'] button").Single();
        Assert.Equal("Log out", logOut.TextContent.Trim());
    }

    [Fact]
    public async Task The_dark_mode_toggle_switches_the_theme()
    {
        SignIn(await Database.CreateUserAsync("bob@example.com"));
        var shell = RenderShell();
        Assert.False(shell.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));

        shell.Find("[data-testid=dark-mode-toggle]").Click();

        shell.WaitForAssertion(() => Assert.True(shell.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode)));
    }
}
