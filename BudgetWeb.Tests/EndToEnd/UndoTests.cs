using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class UndoTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_transfer_undone_from_its_toast_puts_the_Categories_numbers_back()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.CreateCategoryAsync("Entertainment");
        await app.SetBudgetAsync("Food", "400");
        var month = await app.Page.GetByLabel("Month", new() { Exact = true }).InputValueAsync();

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Transfer from Food" }).ClickAsync();
        await app.ChooseAsync(app.Dialog, "To", "Entertainment");
        await app.Dialog.GetByLabel("Amount").FillAsync("100");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        var moved = $"Moved $100.00 from Food to Entertainment ({month}).";
        await Expect(app.Cell("Entertainment", "Allocated")).ToHaveTextAsync("$100.00");

        await app.Toast(moved).GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(app.Toast($"Undid: {moved}")).ToBeVisibleAsync();
        await Expect(app.Cell("Food", "Allocated")).ToHaveTextAsync("$400.00");
        await Expect(app.Cell("Entertainment", "Allocated")).ToHaveTextAsync("$0.00");
        await Expect(app.ByTestId("total-allocated")).ToHaveTextAsync("$400.00");
    }

    [Fact]
    public async Task Delete_all_in_category_undone_from_Activity_brings_the_expenses_back()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.OpenSectionAsync("Expenses");
        await app.AddExpenseAsync("Supermarket", "60", "Food");
        await app.AddExpenseAsync("Bakery", "4.20", "Food");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Delete all in category" }).ClickAsync();
        await app.ChooseAsync(app.Dialog, "Category", "Food");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete 2 expenses" }).ClickAsync();
        await Expect(app.Toast("Deleted 2 expenses from Food.")).ToBeVisibleAsync();
        await Expect(app.Page.GetByText("No expenses here yet.")).ToBeVisibleAsync();

        await app.OpenSectionAsync("Activity");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Undo: Deleted 2 expenses from Food." }).ClickAsync();
        await Expect(app.Toast("Undid: Deleted 2 expenses from Food.")).ToBeVisibleAsync();
        await Expect(app.ByTestId("undone")).ToContainTextAsync("Undone");

        await app.OpenSectionAsync("Expenses");
        await Expect(app.Page.GetByRole(AriaRole.Cell, new() { Name = "Supermarket", Exact = true })).ToBeVisibleAsync();
        await Expect(app.Page.GetByRole(AriaRole.Cell, new() { Name = "Bakery", Exact = true })).ToBeVisibleAsync();
    }
}
