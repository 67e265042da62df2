using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class AccountTests(BrowserFixture browser)
{
    [Fact]
    public async Task Register_see_the_shell_log_out_and_log_in_again()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);

        await app.GoToAsync("/");
        await Expect(app.Heading("Log in")).ToBeVisibleAsync();
        await app.RegisterAsync("alice@example.com");

        foreach (var section in new[] { "Summary", "Expenses", "Categories", "Import", "Activity", "Admin" })
        {
            await Expect(app.NavLink(section)).ToBeVisibleAsync();
        }

        await app.OpenSectionAsync("Activity");
        await Expect(app.Page.GetByText("As the first account, you are its administrator.")).ToBeVisibleAsync();

        await app.LogOutAsync();
        await app.GoToAsync("/expenses");
        await Expect(app.Heading("Log in")).ToBeVisibleAsync();

        await app.SubmitLoginAsync("alice@example.com", BudgetWebPage.Password);
        await Expect(app.Heading("Expenses")).ToBeVisibleAsync();
        await app.Page.Locator("[data-testid=user-menu] button").ClickAsync();
        await Expect(app.Page.GetByText("alice@example.com")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_account_pages_wear_the_apps_theme()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.GoToAsync("/Account/Login");
        var login = await LookAsync(app.Page, app.Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }));

        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        var categories = await LookAsync(app.Page, app.Page.GetByRole(AriaRole.Button, new() { Name = "New category" }));

        Assert.Equal(categories.AppBar, login.AppBar); // the same green bar
        Assert.Equal(categories.Button, login.Button); // the main button in the theme's primary colour
        Assert.Equal(categories.Font, login.Font);
        Assert.Equal("rgb(46, 125, 50)", login.Button);
    }

    /// <summary>What a glance takes in: the app bar's colour, the main button's colour and the text's typeface.</summary>
    private static async Task<(string AppBar, string Button, string Font)> LookAsync(IPage page, ILocator mainButton)
    {
        var appBar = await page.Locator("header.mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var button = await mainButton.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var font = await page.Locator("h1").First.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
        return (appBar, button, font);
    }

    [Fact]
    public async Task A_second_account_is_not_admin_and_is_refused_the_admin_pages()
    {
        await using var server = AppServer.Start();
        var alice = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await alice.RegisterAsync("alice@example.com");
        var bob = await BudgetWebPage.OpenAsync(browser.Browser, server);

        await bob.RegisterAsync("bob@example.com");

        await Expect(bob.NavLink("Activity")).ToBeVisibleAsync();
        await Expect(bob.NavLink("Admin")).ToHaveCountAsync(0);
        await bob.GoToAsync("/admin/users");
        await Expect(bob.Heading("Access denied")).ToBeVisibleAsync();
        Assert.Contains("/access-denied", bob.Page.Url);
        await Expect(bob.Page.GetByText("bob@example.com")).ToHaveCountAsync(0);

        // Not a dead end: the app's navigation is there, and a way back.
        await Expect(bob.NavLink("Expenses")).ToBeVisibleAsync();
        await bob.WaitUntilInteractiveAsync();
        await bob.Page.Locator("a", new() { HasText = "Back to Summary" }).ClickAsync();
        await Expect(bob.Heading("Summary")).ToBeVisibleAsync();

        await alice.GoToAsync("/admin/users");
        await Expect(alice.Heading("Users")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByRole(Microsoft.Playwright.AriaRole.Cell, new() { Name = "bob@example.com" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("carol@example.com");
        await app.LogOutAsync();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await app.SubmitLoginAsync("carol@example.com", "wrong-password");
            await Expect(app.Page.GetByText("Error: Invalid login attempt.")).ToBeVisibleAsync();
        }

        await app.SubmitLoginAsync("carol@example.com", "wrong-password");
        await Expect(app.Heading("Locked out")).ToBeVisibleAsync();

        await app.GoToAsync("/Account/Login");
        await app.SubmitLoginAsync("carol@example.com", BudgetWebPage.Password);
        await Expect(app.Heading("Locked out")).ToBeVisibleAsync();
    }
}
