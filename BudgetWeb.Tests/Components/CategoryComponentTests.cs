using BudgetWeb.Common;
using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

/// <summary>The Categories page and its New category dialog.</summary>
public sealed class CategoryComponentTests : ComponentTestBase
{

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    [Fact]
    public async Task A_failure_shows_a_red_toast_and_keeps_the_dialog_open()
    {
        var host = await OpenAsync(new DialogParameters<CategoryDialog>());
        host.WaitForAssertion(() => host.Field("Name"));
        var before = await Database.SnapshotAsync();

        host.Field("Name").Input("FOOD");
        await host.ClickAsync("Create");

        host.WaitForAssertion(() =>
        {
            host.AssertToast("A category named 'FOOD' already exists.", failure: true);
        });
        Assert.Contains("New category", host.Markup);
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task The_categories_page_shows_overspending_in_red_and_totals()
    {
        var budgets = Database.ServiceFor<BudgetWeb.Features.Budgets.BudgetService>(Alice);
        var month = Formatting.CurrentMonth(TimeProvider.System);
        await budgets.SetAsync(new() { CategoryId = Food, Month = month, Amount = 50m }, Guid.NewGuid());
        var expenses = Database.ServiceFor<ExpenseService>(Alice);
        await expenses.AddAsync(new ExpenseInput { Date = month.ToDateTime(TimeOnly.MinValue), Description = "Feast", Amount = 80m, CategoryId = Food }, Guid.NewGuid());
        await expenses.AddAsync(new ExpenseInput { Date = month.ToDateTime(TimeOnly.MinValue), Description = "Game", Amount = 5m, CategoryId = Fun }, Guid.NewGuid());

        var page = RenderHost<CategoriesPage>();

        page.WaitForAssertion(() =>
        {
            var food = page.FindAll("[data-testid=categories-table] tbody tr").Single(r => r.TextContent.Contains("Food"));
            var available = food.QuerySelector("td[data-label=Available] span")!;
            Assert.Equal("-$30.00", available.TextContent);
            Assert.Contains("mud-error-text", available.ClassName);
            Assert.Equal("$85.00", page.Find("[data-testid=total-spent]").TextContent.Trim());
            Assert.Equal("-$35.00", page.Find("[data-testid=total-available]").TextContent.Trim());
        });
    }
}
