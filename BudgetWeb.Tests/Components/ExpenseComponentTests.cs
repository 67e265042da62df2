using BudgetWeb.Common;
using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Components.Pages.Expenses;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

public sealed class ExpenseComponentTests : ComponentTestBase
{
    private TestUser _alice = null!;
    private int _food;
    private int _fun;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _alice = await Database.CreateUserAsync("alice@example.com");
        _food = await Database.CreateCategoryAsync("Food");
        _fun = await Database.CreateCategoryAsync("Fun");
        SignIn(_alice);
    }

    private IRenderedComponent<DialogHost> RenderHost<TPage>() where TPage : Microsoft.AspNetCore.Components.IComponent =>
        Context.Render<DialogHost>(p => p.AddChildContent<TPage>());

    private async Task<IRenderedComponent<DialogHost>> OpenAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : Microsoft.AspNetCore.Components.ComponentBase
    {
        var host = Context.Render<DialogHost>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<TDialog>("", parameters));
        return host;
    }

    private async Task<ExpenseRow> AddExpenseAsync(string description, decimal amount)
    {
        var expenses = Database.ServiceFor<ExpenseService>(_alice);
        await expenses.AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 5), Description = description, Amount = amount, CategoryId = _food }, Guid.NewGuid());
        return (await expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()))).Rows.Single(r => r.Description == description);
    }

    [Fact]
    public async Task The_expense_dialog_shows_each_fields_message_and_saves_nothing()
    {
        var categories = await Database.ServiceFor<CategoryService>(_alice).ListAsync();
        var host = await OpenAsync(new DialogParameters<ExpenseDialog> { { d => d.Categories, categories } });
        host.WaitForAssertion(() => host.Button("Save"));
        host.Field("Date").Change("");
        var before = await Database.SnapshotAsync();

        await host.ClickAsync("Save");

        host.WaitForAssertion(() =>
        {
            Assert.Contains("Date is required.", host.Markup);
            Assert.Contains("Description is required.", host.Markup);
            Assert.Contains("Amount is required.", host.Markup);
            Assert.Contains("Category is required.", host.Markup);
        });
        host.Field("Amount").Input("12.345");
        host.WaitForAssertion(() => Assert.Contains("Amount can have at most 2 decimals.", host.Markup));
        Assert.Equal(before, await Database.SnapshotAsync());
        Assert.Contains("Add expense", host.Markup); // still open, with what was typed
    }

    [Fact]
    public async Task Deleting_asks_for_confirmation_first()
    {
        await AddExpenseAsync("Supermarket", 100m);
        var page = RenderHost<ExpensesPage>();
        page.WaitForAssertion(() => page.Button("Delete Supermarket"));

        await page.ClickAsync("Delete Supermarket");
        page.WaitForAssertion(() => Assert.Contains("Delete Supermarket ($100.00) of 3/5/2026?", page.Markup));
        await page.ClickAsync("Cancel");

        page.WaitForAssertion(() => Assert.DoesNotContain("of 3/5/2026?", page.Markup));
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(1, await db.Expenses.CountAsync());
        }

        await page.ClickAsync("Delete Supermarket");
        page.WaitForAssertion(() => page.Button("Delete"));
        await page.ClickAsync("Delete");

        page.WaitForAssertion(() => page.AssertToast("Deleted Supermarket ($100.00).", failure: false));
        await using var after = Database.CreateDbContext();
        Assert.Equal(0, await after.Expenses.CountAsync());
    }

    [Fact]
    public async Task The_split_dialog_shows_the_remainder_live_and_only_splits_when_it_is_zero()
    {
        var row = await AddExpenseAsync("Supermarket", 100m);
        var categories = await Database.ServiceFor<CategoryService>(_alice).ListAsync();
        var host = await OpenAsync(new DialogParameters<SplitDialog> { { d => d.Expense, row }, { d => d.Categories, categories } });
        host.WaitForAssertion(() => Assert.Contains("Remaining: $100.00", host.Find("[data-testid=split-remainder]").TextContent));

        host.Field("Part 1 amount").Input("60");
        host.WaitForAssertion(() => Assert.Contains("Remaining: $40.00", host.Find("[data-testid=split-remainder]").TextContent));
        host.Field("Part 2 amount").Input("50");
        host.WaitForAssertion(() => Assert.Contains("Remaining: -$10.00", host.Find("[data-testid=split-remainder]").TextContent));
        Assert.True(host.Button("Split").HasAttribute("disabled"));

        host.Field("Part 2 amount").Input("40");
        host.WaitForAssertion(() => Assert.Contains("Remaining: $0.00", host.Find("[data-testid=split-remainder]").TextContent));
        Assert.True(host.Button("Split").HasAttribute("disabled"), "Part 2 has no category yet.");
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
        var budgets = Database.ServiceFor<BudgetWeb.Features.Budgets.BudgetService>(_alice);
        var month = Formatting.CurrentMonth(TimeProvider.System);
        await budgets.SetAsync(new() { CategoryId = _food, Month = month, Amount = 50m }, Guid.NewGuid());
        var expenses = Database.ServiceFor<ExpenseService>(_alice);
        await expenses.AddAsync(new ExpenseInput { Date = month.ToDateTime(TimeOnly.MinValue), Description = "Feast", Amount = 80m, CategoryId = _food }, Guid.NewGuid());
        await expenses.AddAsync(new ExpenseInput { Date = month.ToDateTime(TimeOnly.MinValue), Description = "Game", Amount = 5m, CategoryId = _fun }, Guid.NewGuid());

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
