using BudgetWeb.Common;
using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Components.Pages.Summary;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

/// <summary>Last month Food had $50.00 budgeted and $20.00 spent: this month it starts with $30.00 carried in.</summary>
public sealed class CarryOverPageTests : ComponentTestBase
{
    private readonly DateOnly _month = Formatting.CurrentMonth(TimeProvider.System);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
        var lastMonth = _month.AddMonths(-1);
        await Database.ServiceFor<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = lastMonth, Amount = 50m }, Guid.NewGuid());
        await Database.ServiceFor<ExpenseService>(Alice).AddAsync(
            new ExpenseInput { Date = lastMonth.ToDateTime(TimeOnly.MinValue), Description = "Market", Amount = 20m, CategoryId = Food }, Guid.NewGuid());
    }

    private static string Cell(IRenderedComponent<DialogHost> page, string table, string category, string column) =>
        page.FindAll($"[data-testid={table}] tbody tr").Single(r => r.TextContent.Contains(category))
            .QuerySelector($"td[data-label='{column}']")!.TextContent.Trim();

    [Fact]
    public void The_categories_page_shows_what_was_carried_in_and_counts_it_in_the_totals()
    {
        var page = RenderHost<CategoriesPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("$30.00", Cell(page, "categories-table", "Food", "Carried in"));
            Assert.Equal("$30.00", Cell(page, "categories-table", "Food", "Available"));
            Assert.Equal("$0.00", Cell(page, "categories-table", "Fun", "Carried in"));
            Assert.Equal("$30.00", page.Find("[data-testid=total-carried-in]").TextContent.Trim());
            Assert.Equal("$30.00", page.Find("[data-testid=total-available]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task Choosing_None_from_the_Carry_over_menu_starts_the_month_from_its_allocation()
    {
        var page = RenderHost<CategoriesPage>();
        page.WaitForAssertion(() => Assert.Equal("$30.00", Cell(page, "categories-table", "Food", "Carried in")));

        await page.ClickAsync("Carry over for Food");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".mud-menu-item").Count));
        Assert.Equal(["Unspent", "Unspent and overspent", "None"], page.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim()));
        await page.InvokeAsync(() => page.FindAll(".mud-menu-item").Single(i => i.TextContent.Trim() == "None").Click());

        page.WaitForAssertion(() =>
        {
            page.AssertToast($"Food now carries over None from {Formatting.Month(_month)}.", failure: false);
            Assert.Equal("$0.00", Cell(page, "categories-table", "Food", "Carried in"));
            Assert.Equal("$0.00", Cell(page, "categories-table", "Food", "Available"));
        });
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.CarryOverSettings.CountAsync());
    }

    [Fact]
    public async Task Choosing_the_setting_already_in_effect_says_so_in_red()
    {
        var page = RenderHost<CategoriesPage>();
        page.WaitForAssertion(() => page.Button("Carry over for Food"));
        var before = await Database.SnapshotAsync();

        await page.ClickAsync("Carry over for Food");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".mud-menu-item").Count));
        await page.InvokeAsync(() => page.FindAll(".mud-menu-item").Single(i => i.TextContent.Trim() == "Unspent").Click());

        page.WaitForAssertion(() => page.AssertToast($"Food already carries over Unspent in {Formatting.Month(_month)}. Nothing was changed.", failure: true));
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public void The_summary_shows_carried_in_per_category_and_in_its_totals()
    {
        var page = RenderHost<SummaryPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("$30.00", Cell(page, "summary-table", "Food", "Carried in"));
            Assert.Equal("$30.00", page.Find("[data-testid=total-carried-in]").TextContent.Trim());
            Assert.Equal("$30.00", page.Find("[data-testid=total-available]").TextContent.Trim());
        });

        // The chart's budgeted bar is what Food had to spend: nothing budgeted this month, $30.00 carried in.
        var bars = page.FindAll("[data-testid=budget-chart] rect title").Select(t => t.TextContent).ToList();
        Assert.Equal(["Food, Budgeted: $30.00", "Food, Spent: $0.00"], bars);
    }
}
