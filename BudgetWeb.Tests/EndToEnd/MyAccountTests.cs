using System.IO.Compression;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class MyAccountTests(BrowserFixture browser)
{
    [Fact]
    public async Task Download_my_data_and_read_the_expenses_file()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.OpenSectionAsync("Expenses");
        await app.AddExpenseAsync("=Corner bakery", "4.20", "Food");
        await Expect(app.Page.GetByRole(AriaRole.Cell, new() { Name = "=Corner bakery", Exact = true })).ToBeVisibleAsync();

        await app.Page.Locator("[data-testid=user-menu] button").ClickAsync();
        await app.Page.GetByText("Account settings").ClickAsync();
        await app.Page.GetByRole(AriaRole.Link, new() { Name = "My data" }).ClickAsync();
        await Expect(app.Heading("My data")).ToBeVisibleAsync();
        var download = await app.Page.RunAndWaitForDownloadAsync(() => app.Page.GetByRole(AriaRole.Button, new() { Name = "Download my data" }).ClickAsync());

        Assert.Matches(@"^budgetweb-my-data-\d{4}-\d{2}-\d{2}\.zip$", download.SuggestedFilename);
        using var zip = ZipFile.OpenRead((await download.PathAsync())!);
        Assert.NotNull(zip.GetEntry("README.txt"));
        using var reader = new StreamReader(zip.GetEntry("expenses.csv")!.Open());
        var lines = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Id,Date,Description,Category,Amount,Amount (cents),Note,Split group,Import,Created (UTC)", lines[0]);
        var expense = Assert.Single(lines[1..]);
        Assert.Contains(",\"'=Corner bakery\",Food,$4.20,420,", expense); // a formula no more: quoted, with an apostrophe
    }

    [Fact]
    public async Task Delete_my_account_then_fail_to_log_in_with_it()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("carol@example.com");
        await app.GoToAsync("/Account/Manage/PersonalData");
        await app.Page.GetByRole(AriaRole.Link, new() { Name = "Delete my account" }).ClickAsync();
        await Expect(app.Heading("Delete my account")).ToBeVisibleAsync();

        await app.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(BudgetWebPage.Password);
        await app.Page.GetByLabel("Your email, typed again").FillAsync("someone-else@example.com");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Expect(app.Page.GetByText("That is not the email of this account. Nothing was deleted.")).ToBeVisibleAsync();

        await app.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(BudgetWebPage.Password);
        await app.Page.GetByLabel("Your email, typed again").FillAsync("carol@example.com");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();

        await Expect(app.Heading("Log in")).ToBeVisibleAsync();
        await Expect(app.Page.GetByText("Your account and everything it held have been deleted.")).ToBeVisibleAsync();
        await app.SubmitLoginAsync("carol@example.com", BudgetWebPage.Password);
        await Expect(app.Page.GetByText("Error: Invalid login attempt.")).ToBeVisibleAsync();
        await app.GoToAsync("/expenses");
        await Expect(app.Heading("Log in")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_admins_password_reset_link_lets_the_user_set_a_new_password_once()
    {
        await using var server = AppServer.Start();
        var alice = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await alice.RegisterAsync("alice@example.com");
        var bob = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await bob.RegisterAsync("bob@example.com");
        await bob.LogOutAsync();

        await alice.OpenSectionAsync("Users");
        var bobsRow = alice.Page.Locator("tbody tr", new() { HasText = "bob@example.com" });
        await bobsRow.GetByRole(AriaRole.Button, new() { Name = "Password reset link" }).ClickAsync();
        await Expect(alice.Toast("Created a password reset link for bob@example.com. It works once, for 24 hours.")).ToBeVisibleAsync();
        var linkField = alice.Page.GetByLabel("Password reset link for bob@example.com");
        await Expect(linkField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/Account/ResetPassword\\?userId="));
        var link = await linkField.InputValueAsync();

        await bob.Page.GotoAsync(link);
        await Expect(bob.Page.GetByText("Choose a new password for bob@example.com.")).ToBeVisibleAsync();
        await bob.Page.GetByLabel("New password").FillAsync("Brand-new-pass-1");
        await bob.Page.GetByLabel("Confirm password").FillAsync("Brand-new-pass-1");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(bob.Heading("Log in")).ToBeVisibleAsync();
        await Expect(bob.Page.GetByText("Your password has been reset. Log in with your new password.")).ToBeVisibleAsync();
        await bob.SubmitLoginAsync("bob@example.com", "Brand-new-pass-1");
        await Expect(bob.Heading("Summary")).ToBeVisibleAsync();
        await bob.WaitUntilInteractiveAsync();
        await bob.LogOutAsync();

        await bob.Page.GotoAsync(link);
        await bob.Page.GetByLabel("New password").FillAsync("Another-pass-2");
        await bob.Page.GetByLabel("Confirm password").FillAsync("Another-pass-2");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Expect(bob.Page.GetByText("This password reset link has expired or has already been used. Ask an administrator for a new one.")).ToBeVisibleAsync();
    }
}
