using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class CarryOverTests(BrowserFixture browser)
{
    /// <summary>Food: $400.00 budgeted this month, $150.00 spent, so $250.00 is left to carry.</summary>
    private static async Task<BudgetWebPage> UnderspendThisMonthAsync(BudgetWebPage app)
    {
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.SetBudgetAsync("Food", "400");
        await app.OpenSectionAsync("Expenses");
        await app.AddExpenseAsync("Groceries", "150", "Food");
        await app.OpenSectionAsync("Categories");
        await Expect(app.Cell("Food", "Available")).ToHaveTextAsync("$250.00");
        await Expect(app.Cell("Food", "Carried in")).ToHaveTextAsync("$0.00");
        return app;
    }

    private static ILocator MonthField(BudgetWebPage app) => app.Page.GetByLabel("Month", new() { Exact = true });

    private static async Task GoToNextMonthAsync(BudgetWebPage app)
    {
        var month = await MonthField(app).InputValueAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Next month" }).ClickAsync();
        await Expect(MonthField(app)).Not.ToHaveValueAsync(month);
    }

    [Fact]
    public async Task What_is_left_this_month_is_carried_into_the_next()
    {
        await using var server = AppServer.Start();
        var app = await UnderspendThisMonthAsync(await BudgetWebPage.OpenAsync(browser.Browser, server));

        await GoToNextMonthAsync(app);

        await Expect(app.Cell("Food", "Carried in")).ToHaveTextAsync("$250.00");
        await Expect(app.Cell("Food", "Allocated")).ToHaveTextAsync("$0.00");
        await Expect(app.Cell("Food", "Available")).ToHaveTextAsync("$250.00");
        await Expect(app.ByTestId("total-carried-in")).ToHaveTextAsync("$250.00");
    }

    [Fact]
    public async Task With_carry_over_None_the_next_month_starts_at_its_allocation()
    {
        await using var server = AppServer.Start();
        var app = await UnderspendThisMonthAsync(await BudgetWebPage.OpenAsync(browser.Browser, server));
        var month = await MonthField(app).InputValueAsync();

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Carry over for Food" }).ClickAsync();
        await app.Page.Locator(".mud-menu-item", new() { HasTextRegex = new Regex("^\\s*None\\s*$") }).ClickAsync();

        await Expect(app.Toast($"Food now carries over None from {month}.")).ToBeVisibleAsync();
        await GoToNextMonthAsync(app);
        await app.SetBudgetAsync("Food", "100");
        await Expect(app.Cell("Food", "Carried in")).ToHaveTextAsync("$0.00");
        await Expect(app.Cell("Food", "Available")).ToHaveTextAsync("$100.00");
    }
}
