using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class IntegrityTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_runs_the_integrity_checks_from_the_admin_menu_and_a_member_is_refused()
    {
        await using var server = AppServer.Start();
        var admin = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await admin.RegisterAsync("admin@example.com");
        await admin.OpenSectionAsync("Categories");
        await admin.CreateCategoryAsync("Food");
        await admin.SetBudgetAsync("Food", "400");

        await admin.OpenSectionAsync("Integrity");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();

        await Expect(admin.Page.GetByText("All checks passed")).ToBeVisibleAsync();
        await Expect(admin.Cell("Every budget equals the sum of its journal", "Status")).ToHaveTextAsync("OK");
        await Expect(admin.Cell("SQLite integrity_check", "Status")).ToHaveTextAsync("OK");

        var member = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await member.RegisterAsync("bob@example.com");
        await Expect(member.NavLink("Integrity")).ToHaveCountAsync(0);
        await member.GoToAsync("/admin/integrity");
        await Expect(member.Heading("Access denied")).ToBeVisibleAsync();
    }
}
