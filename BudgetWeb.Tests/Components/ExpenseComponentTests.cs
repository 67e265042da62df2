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

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    private async Task<ExpenseRow> AddExpenseAsync(string description, decimal amount)
    {
        var expenses = Database.ServiceFor<ExpenseService>(Alice);
        await expenses.AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 5), Description = description, Amount = amount, CategoryId = Food }, Guid.NewGuid());
        return (await expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()))).Rows.Single(r => r.Description == description);
    }

    [Fact]
    public async Task The_expense_dialog_shows_each_fields_message_and_saves_nothing()
    {
        var categories = await Database.ServiceFor<CategoryService>(Alice).ListAsync();
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
        host.WaitForAssertion(() => Assert.Contains("'12.345' is not an amount; use a number like 12.50", host.Markup));
        Assert.Equal(before, await Database.SnapshotAsync());
        Assert.Contains("Add expense", host.Markup); // still open, with what was typed
    }

    [Theory]
    [InlineData("foods whole")]
    [InlineData("WHOLE   foods")]
    [InlineData("wh foods")]
    public async Task Searching_finds_descriptions_with_every_word_in_any_order(string search)
    {
        await AddExpenseAsync("Whole Foods Market", 80m);
        await AddExpenseAsync("Foodsy Deli", 12m);
        await AddExpenseAsync("Whole Earth Bakery", 9m);
        var page = RenderHost<ExpensesPage>();
        page.WaitForAssertion(() => Assert.Contains("Foodsy Deli", page.Markup));

        page.Field("Search").Input(search);

        page.WaitForAssertion(() =>
        {
            var descriptions = page.FindAll("[data-testid=expenses-grid] tbody tr td[data-label=Description]").Select(td => td.TextContent.Trim()).ToList();
            Assert.Equal(["Whole Foods Market"], descriptions);
        }, TimeSpan.FromSeconds(10)); // the search field waits for a pause in typing before it asks
    }

    [Fact]
    public async Task A_search_says_how_many_match_and_past_10000_that_there_are_more()
    {
        await using (var db = Database.CreateDbContext())
        {
            db.Expenses.AddRange(Enumerable.Range(0, ExpenseService.SearchCountCap + 1).Select(i => new BudgetWeb.Data.Entities.Expense
            {
                UserId = Alice.Id, CategoryId = Food, Date = new DateOnly(2026, 3, 1).AddDays(i % 28), Description = $"Coffee {i}", AmountCents = 300,
            }));
            await db.SaveChangesAsync();
        }

        var page = RenderHost<ExpensesPage>();
        page.WaitForAssertion(() => Assert.Contains("Coffee", page.Markup));

        page.Field("Search").Input("coffee");
        page.WaitForAssertion(() =>
        {
            Assert.Equal("10,000+ matches: add a word, a month or a category to narrow the search", page.Find("[data-testid=search-matches]").TextContent.Trim());
            Assert.Contains("1-25 of 10,000+", page.Markup);
        }, TimeSpan.FromSeconds(10));

        page.Field("Search").Input("coffee 10000");
        page.WaitForAssertion(() =>
        {
            Assert.Equal("1 match", page.Find("[data-testid=search-matches]").TextContent.Trim());
            Assert.Contains("1-1 of 1", page.Markup);
        }, TimeSpan.FromSeconds(10));
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
        var categories = await Database.ServiceFor<CategoryService>(Alice).ListAsync();
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
}
