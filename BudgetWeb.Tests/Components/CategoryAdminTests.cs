using BudgetWeb.Components.Pages.Activity;
using BudgetWeb.Components.Pages.Admin;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

public sealed class CategoryAdminTests : ComponentTestBase
{
    private TestUser _admin = null!;
    private TestUser _bob = null!;
    private int _fastFood;
    private int _food;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        _bob = await Database.CreateUserAsync("bob@example.com");
        _food = await Database.CreateCategoryAsync("Food");
        _fastFood = await Database.CreateCategoryAsync("Fast Food");
        await Database.CreateCategoryAsync("Unused");
        await AddBobsExpenseAsync("Burger", 12m);
        SignIn(_admin);
    }

    private Task AddBobsExpenseAsync(string description, decimal amount) =>
        Database.ServiceFor<ExpenseService>(_bob).AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 3), Description = description, Amount = amount, CategoryId = _fastFood }, Guid.NewGuid());

    private async Task<IRenderedComponent<DialogHost>> OpenMergeAsync()
    {
        var host = Context.Render<DialogHost>();
        var categories = await Database.ServiceFor<CategoryService>(_admin).ListAsync();
        await host.InvokeAsync(() => Context.Services.GetRequiredService<IDialogService>().ShowAsync<MergeDialog>("", new DialogParameters<MergeDialog>
        {
            { d => d.Categories, categories },
            { d => d.SourceId, _fastFood },
        }));
        host.WaitForAssertion(() => host.Button("Merge"));
        await host.InvokeAsync(() => host.FindComponents<MudSelect<int?>>()[1].Instance.SelectOption((int?)_food)); // by value: an int would pick the overload that selects by index
        return host;
    }

    [Fact]
    public async Task The_merge_dialog_previews_what_moves_per_user()
    {
        var host = await OpenMergeAsync();

        host.WaitForAssertion(() =>
        {
            var preview = host.Find("[data-testid=merge-preview]").TextContent;
            Assert.Contains("Merging Fast Food into Food moves:", preview);
            Assert.Contains("bob@example.com", preview);
            Assert.Contains("1 ($12.00)", preview);
            Assert.Contains("Transfers: 0 transfers moved.", preview);
            Assert.Contains("bob@example.com: Food would be $12.00 short in March 2026.", host.Find("[data-testid=merge-shortfalls]").TextContent);
        });
    }

    [Fact]
    public async Task A_stale_preview_is_refused_with_a_toast_and_the_new_numbers_are_shown()
    {
        var host = await OpenMergeAsync();
        host.WaitForAssertion(() => Assert.Contains("1 ($12.00)", host.Find("[data-testid=merge-preview]").TextContent));
        await AddBobsExpenseAsync("Fries", 3m);
        var before = await Database.SnapshotAsync();

        await host.ClickAsync("Merge");

        host.WaitForAssertion(() =>
        {
            Assert.Contains("The data changed since the preview — review the new numbers.", host.Find(".mud-snackbar").TextContent);
            Assert.Contains("2 ($15.00)", host.Find("[data-testid=merge-preview]").TextContent);
        });
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task The_merge_toast_offers_Undo_which_brings_the_source_back_and_Activity_shows_it_Undone()
    {
        const string Merged = "Merged Fast Food into Food: 1 expense, 0 budgets and 0 transfers moved.";
        var host = await OpenMergeAsync();
        host.WaitForAssertion(() => Assert.Contains("1 ($12.00)", host.Find("[data-testid=merge-preview]").TextContent));

        await host.ClickAsync("Merge");

        host.WaitForAssertion(() => host.AssertToast(Merged, failure: false));
        await host.InvokeAsync(() => host.FindAll(".mud-snackbar").Single(t => t.TextContent.Contains(Merged))
            .QuerySelector("button.mud-snackbar-action-button, .mud-snackbar-content-action button")!.Click());
        host.WaitForAssertion(() => host.AssertToast($"Undid: {Merged}", failure: false));
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal("Fast Food", await db.Categories.Where(c => c.Id == _fastFood).Select(c => c.Name).SingleAsync());
            Assert.Equal(_fastFood, await db.Expenses.Where(e => e.Description == "Burger").Select(e => e.CategoryId).SingleAsync());
        }

        await Context.DisposeComponentsAsync(); // one host (and popover provider) at a time
        var activity = Context.Render<DialogHost>(p => p.AddChildContent<ActivityPage>());
        activity.WaitForAssertion(() =>
        {
            Assert.Contains("Undone", activity.Find("[data-testid=undone]").TextContent);
            activity.Button($"Undo: Undid: {Merged}");
        });
    }

    [Fact]
    public void A_category_in_use_offers_merge_and_an_unused_one_offers_delete()
    {
        var page = Context.Render<DialogHost>(p => p.AddChildContent<CategoriesAdminPage>());

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Manage categories", page.Find("h1").TextContent);
            Assert.NotNull(page.Button("Merge Fast Food"));
            Assert.DoesNotContain(page.FindAll("button"), b => b.GetAttribute("aria-label") == "Delete Fast Food");
            Assert.NotNull(page.Button("Delete Unused"));
            Assert.DoesNotContain(page.FindAll("button"), b => b.GetAttribute("aria-label") == "Merge Unused");
        });
    }
}
