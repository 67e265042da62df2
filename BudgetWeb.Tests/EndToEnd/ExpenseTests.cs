using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class ExpenseTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_half_typed_expense_survives_a_reload_until_it_is_saved_or_cancelled()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.OpenSectionAsync("Expenses");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Add expense" }).ClickAsync();
        await app.Dialog.GetByLabel("Description").FillAsync("Farmers market");
        await app.Dialog.GetByLabel("Amount").FillAsync("12.50");
        await app.ChooseAsync(app.Dialog, "Category", "Food");
        // The draft is in the tab's session storage once the server has written it there: wait for that, not for a time.
        await app.Page.WaitForFunctionAsync("() => sessionStorage.getItem('draft:expense:new') !== null");

        await app.Page.ReloadAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Add expense" }).ClickAsync();

        await Expect(app.Dialog.GetByText("Restored what you typed before the page reloaded.")).ToBeVisibleAsync();
        await Expect(app.Dialog.GetByLabel("Description")).ToHaveValueAsync("Farmers market");
        await Expect(app.Dialog.GetByLabel("Amount")).ToHaveValueAsync("12.50");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(app.Dialog).ToHaveCountAsync(0);
        await app.Page.WaitForFunctionAsync("() => sessionStorage.getItem('draft:expense:new') === null");

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Add expense" }).ClickAsync();
        await Expect(app.Dialog.GetByLabel("Description")).ToHaveValueAsync("");
        await Expect(app.Dialog.GetByText("Restored what you typed before the page reloaded.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Add_an_expense_see_it_in_the_list_and_summary_split_it_and_delete_all_in_its_category()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");

        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.CreateCategoryAsync("Fun");
        await app.SetBudgetAsync("Food", "400");
        await Expect(app.Cell("Food", "Allocated")).ToHaveTextAsync("$400.00");

        await app.OpenSectionAsync("Expenses");
        await app.AddExpenseAsync("Supermarket", "100", "Food");
        await Expect(app.Toast("Added Supermarket ($100.00).")).ToBeVisibleAsync();
        await Expect(app.Page.GetByRole(AriaRole.Cell, new() { Name = "Supermarket", Exact = true })).ToBeVisibleAsync();

        await app.OpenSectionAsync("Summary");
        await Expect(app.ByTestId("total-budgeted")).ToHaveTextAsync("$400.00");
        await Expect(app.ByTestId("total-spent")).ToHaveTextAsync("$100.00");
        await Expect(app.ByTestId("total-available")).ToHaveTextAsync("$300.00");

        await app.OpenSectionAsync("Expenses");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Split Supermarket" }).ClickAsync();
        await app.Dialog.GetByLabel("Part 1 amount").FillAsync("60");
        await app.ChooseAsync(app.Dialog, "Part 2 category", "Fun");
        await app.Dialog.GetByLabel("Part 2 amount").FillAsync("30");
        await Expect(app.ByTestId("split-remainder")).ToHaveTextAsync("Remaining: $10.00");
        await Expect(app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Split", Exact = true })).ToBeDisabledAsync();
        await app.Dialog.GetByLabel("Part 2 amount").FillAsync("40");
        await Expect(app.ByTestId("split-remainder")).ToHaveTextAsync("Remaining: $0.00");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Split", Exact = true }).ClickAsync();
        await Expect(app.Toast("Split Supermarket into 2 parts.")).ToBeVisibleAsync();
        await Expect(app.Page.Locator("[data-testid=expenses-grid] tbody tr", new() { HasText = "Supermarket" })).ToHaveCountAsync(2);

        await app.OpenSectionAsync("Summary");
        await Expect(app.Cell("Food", "Spent")).ToHaveTextAsync("$60.00");
        await Expect(app.Cell("Fun", "Spent")).ToHaveTextAsync("$40.00");
        await Expect(app.ByTestId("total-spent")).ToHaveTextAsync("$100.00");

        await app.OpenSectionAsync("Expenses");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Delete all in category" }).ClickAsync();
        await app.ChooseAsync(app.Dialog, "Category", "Food");
        await Expect(app.ByTestId("delete-all-count")).ToHaveTextAsync("1 expense ($60.00) in Food will be deleted.");
        await app.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete 1 expense" }).ClickAsync();
        await Expect(app.Toast("Deleted 1 expense from Food.")).ToBeVisibleAsync();
        var rows = app.Page.Locator("[data-testid=expenses-grid] tbody tr", new() { HasText = "Supermarket" });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Fun");

        await app.OpenSectionAsync("Summary");
        await Expect(app.ByTestId("total-spent")).ToHaveTextAsync("$40.00");
    }
}
