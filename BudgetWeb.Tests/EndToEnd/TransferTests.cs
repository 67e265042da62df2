using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class TransferTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_transfer_moves_budget_and_one_beyond_the_available_amount_changes_nothing()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.CreateCategoryAsync("Entertainment");
        await app.SetBudgetAsync("Food", "400");
        await Expect(app.Cell("Food", "Available")).ToHaveTextAsync("$400.00");
        await Expect(app.Cell("Entertainment", "Available")).ToHaveTextAsync("$0.00");
        var month = await app.Page.GetByLabel("Month", new() { Exact = true }).InputValueAsync(); // the month the page shows, e.g. "March 2026"

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Transfer from Food" }).ClickAsync();
        await app.ChooseAsync(app.Dialog, "To", "Entertainment");
        await app.Dialog.GetByLabel("Amount").FillAsync("100");
        await app.Dialog.GetByLabel("Note").FillAsync("concert");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();

        await Expect(app.Toast($"Moved $100.00 from Food to Entertainment ({month}).")).ToBeVisibleAsync();
        await Expect(app.Cell("Food", "Allocated")).ToHaveTextAsync("$300.00");
        await Expect(app.Cell("Entertainment", "Allocated")).ToHaveTextAsync("$100.00");
        await Expect(app.ByTestId("total-allocated")).ToHaveTextAsync("$400.00");

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await app.ChooseAsync(app.Dialog, "From", "Entertainment");
        await app.ChooseAsync(app.Dialog, "To", "Food");
        await app.Dialog.GetByLabel("Amount").FillAsync("150");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();

        await Expect(app.Toast($"Entertainment has only $100.00 available in {month}.")).ToBeVisibleAsync();
        await Expect(app.Dialog).ToBeVisibleAsync();
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(app.Cell("Food", "Allocated")).ToHaveTextAsync("$300.00");
        await Expect(app.Cell("Entertainment", "Allocated")).ToHaveTextAsync("$100.00");
    }
}
