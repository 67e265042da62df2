using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Components.Pages.Expenses;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;

namespace BudgetWeb.Tests.Components;

/// <summary>The same user in two tabs (and the household sharing categories): what one commits, the other sees.</summary>
public sealed class TwoTabsTests : ComponentTestBase
{

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    /// <summary>A service of <paramref name="user"/>'s other tab (its own circuit), sharing this app's change notifications.</summary>
    private T OtherTab<T>(TestUser user) where T : notnull => Database.ServiceFor<T>(user);

    private static List<string> Descriptions(IRenderedComponent<DialogHost> page) =>
        page.FindAll("[data-testid=expenses-grid] tbody tr td[data-label=Description]").Select(td => td.TextContent.Trim()).ToList();

    private async Task<IRenderedComponent<DialogHost>> ExpensesWithSupermarketAsync()
    {
        await OtherTab<ExpenseService>(Alice).AddAsync(
            new ExpenseInput { Date = new DateTime(2026, 3, 5), Description = "Supermarket", Amount = 40m, CategoryId = Food }, Guid.NewGuid());
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ExpensesPage>());
        page.WaitForAssertion(() => page.Button("Edit Supermarket"));
        return page;
    }

    [Fact]
    public async Task An_edit_that_lost_to_another_tab_offers_Reload_which_closes_the_dialog_and_shows_the_new_value()
    {
        var page = await ExpensesWithSupermarketAsync();
        await page.ClickAsync("Edit Supermarket");
        page.WaitForAssertion(() => Assert.Contains("Edit expense", page.Markup));
        var expenses = OtherTab<ExpenseService>(Alice);
        var row = (await expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()))).Rows.Single();
        Assert.True((await expenses.UpdateAsync(row.Id, row.Version,
            new ExpenseInput { Date = new DateTime(2026, 3, 5), Description = "Corner shop", Amount = 40m, CategoryId = Food }, Guid.NewGuid())).Succeeded);
        page.Field("Amount").Input("45");

        await page.ClickAsync("Save");

        page.WaitForAssertion(() => page.AssertToast("This was changed elsewhere. Reload and try again.", failure: true));
        await page.ClickAsync("Reload");
        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("Edit expense", page.Markup);
            Assert.Equal(["Corner shop"], Descriptions(page));
        });
    }

    [Fact]
    public async Task Saving_an_expense_deleted_in_another_tab_says_so_and_Cancel_leaves_a_list_without_it()
    {
        var page = await ExpensesWithSupermarketAsync();
        await page.ClickAsync("Edit Supermarket");
        page.WaitForAssertion(() => Assert.Contains("Edit expense", page.Markup));
        var expenses = OtherTab<ExpenseService>(Alice);
        var row = (await expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()))).Rows.Single();
        Assert.True((await expenses.DeleteAsync(row.Id, row.Version, Guid.NewGuid())).Succeeded);
        var before = await Database.SnapshotAsync();

        await page.ClickAsync("Save");

        page.WaitForAssertion(() =>
        {
            page.AssertToast("That expense no longer exists.", failure: true);
            Assert.NotNull(page.Button("Reload"));
        });
        await page.ClickAsync("Cancel");
        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("Edit expense", page.Markup);
            Assert.Empty(Descriptions(page));
        });
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task The_categories_page_follows_changes_from_another_tab_and_new_shared_categories()
    {
        var bob = await Database.CreateUserAsync("bob@example.com");
        var page = Context.Render<DialogHost>(p => p.AddChildContent<CategoriesPage>());
        page.WaitForAssertion(() => Assert.Contains("Food", page.Markup));
        var month = BudgetWeb.Common.Formatting.CurrentMonth(TimeProvider.System);

        await OtherTab<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = month, Amount = 250m }, Guid.NewGuid());
        page.WaitForAssertion(() => Assert.Equal("$250.00", page.Find("[data-testid=total-allocated]").TextContent.Trim()));

        await OtherTab<CategoryService>(bob).CreateAsync(new CategoryInput { Name = "Travel" }, Guid.NewGuid());
        page.WaitForAssertion(() => Assert.Contains("Travel", page.Markup));
    }
}
