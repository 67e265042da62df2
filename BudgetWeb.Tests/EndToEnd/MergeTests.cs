using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class MergeTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_merges_two_categories_and_a_member_is_refused_the_admin_page()
    {
        await using var server = AppServer.Start();
        var admin = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await admin.RegisterAsync("admin@example.com");
        await admin.OpenSectionAsync("Categories");
        await admin.CreateCategoryAsync("Food");
        await admin.CreateCategoryAsync("Fast Food");
        await admin.SetBudgetAsync("Food", "400");
        await admin.SetBudgetAsync("Fast Food", "50");
        await admin.OpenSectionAsync("Expenses");
        await admin.AddExpenseAsync("Burger", "12", "Fast Food");
        await Expect(admin.Toast("Added Burger ($12.00).")).ToBeVisibleAsync();

        await admin.OpenSectionAsync("Manage categories");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Merge Fast Food" }).ClickAsync();
        await admin.ChooseAsync(admin.Dialog, "Target", "Food");
        await Expect(admin.ByTestId("merge-preview")).ToContainTextAsync("Merging Fast Food into Food moves:");
        await Expect(admin.ByTestId("merge-preview")).ToContainTextAsync("admin@example.com");
        await admin.Dialog.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await Expect(admin.Toast("Merged Fast Food into Food: 1 expense, 1 budget and 0 transfers moved.")).ToBeVisibleAsync();

        await admin.OpenSectionAsync("Categories");
        await Expect(admin.Cell("Food", "Allocated")).ToHaveTextAsync("$450.00");
        await Expect(admin.Cell("Food", "Spent")).ToHaveTextAsync("$12.00");
        await Expect(admin.Page.GetByRole(AriaRole.Cell, new() { Name = "Fast Food", Exact = true })).ToHaveCountAsync(0);

        var member = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await member.RegisterAsync("bob@example.com");
        await member.GoToAsync("/admin/categories");
        await Expect(member.Heading("Access denied")).ToBeVisibleAsync();
        await Expect(member.Page.GetByText("Manage categories")).ToHaveCountAsync(0);
    }
}
