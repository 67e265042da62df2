using BudgetWeb.Common;
using BudgetWeb.Components.Pages.Activity;
using BudgetWeb.Components.Shared;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

public sealed class UndoComponentTests : ComponentTestBase
{
    private const string Moved = "Moved $100.00 from Food to Entertainment (March 2026).";
    private TestUser _alice = null!;
    private int _food;
    private int _entertainment;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _alice = await Database.CreateUserAsync("alice@example.com");
        _food = await Database.CreateCategoryAsync("Food");
        _entertainment = await Database.CreateCategoryAsync("Entertainment");
        await Database.ServiceFor<BudgetService>(_alice).SetAsync(new BudgetInput { CategoryId = _food, Month = new DateOnly(2026, 3, 1), Amount = 400m }, Guid.NewGuid());
        SignIn(_alice);
    }

    private async Task<(Result Result, Guid Key)> TransferAsync()
    {
        var key = Guid.NewGuid();
        var result = await Database.ServiceFor<TransferService>(_alice).MoveAsync(
            new TransferInput { FromCategoryId = _food, ToCategoryId = _entertainment, Month = new DateTime(2026, 3, 1), Amount = 100m }, key);
        Assert.True(result.Succeeded, result.Message);
        return (result, key);
    }

    private async Task<long> EntertainmentCentsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.BudgetAllocations.Where(a => a.CategoryId == _entertainment).SumAsync(a => a.AmountCents);
    }

    [Fact]
    public async Task The_success_toast_offers_Undo_and_clicking_it_undoes_that_operation()
    {
        var host = Context.Render<DialogHost>();
        var (result, key) = await TransferAsync();

        await host.InvokeAsync(() => Context.Services.GetRequiredService<UndoToasts>().ShowAsync(result, key));

        host.WaitForAssertion(() => host.AssertToast(Moved, failure: false));
        // Found and clicked in one dispatch: the toast re-renders as it fades in.
        await host.InvokeAsync(() => host.FindAll(".mud-snackbar").Single(t => t.TextContent.Contains(Moved))
            .QuerySelector("button.mud-snackbar-action-button, .mud-snackbar-content-action button")!.Click());

        host.WaitForAssertion(() => host.AssertToast($"Undid: {Moved}", failure: false));
        Assert.Equal(0, await EntertainmentCentsAsync());
    }

    [Fact]
    public async Task Activity_undoes_a_row_shows_it_Undone_and_lists_the_undo_which_can_itself_be_undone()
    {
        await TransferAsync();
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ActivityPage>());
        page.WaitForAssertion(() => page.Button($"Undo: {Moved}"));

        await page.ClickAsync($"Undo: {Moved}");

        page.WaitForAssertion(() =>
        {
            page.AssertToast($"Undid: {Moved}", failure: false);
            Assert.Contains("Undone", page.Find("[data-testid=undone]").TextContent);
            page.Button($"Undo: Undid: {Moved}");
        });
        Assert.Equal(0, await EntertainmentCentsAsync());

        await page.ClickAsync($"Undo: Undid: {Moved}");

        page.WaitForAssertion(() => page.AssertToast($"Redid: {Moved}", failure: false));
        Assert.Equal(10_000, await EntertainmentCentsAsync());
    }

    [Fact]
    public async Task A_refused_undo_shows_the_reason_in_red_and_the_row_keeps_its_Undo_button()
    {
        await TransferAsync();
        await Database.ServiceFor<ExpenseService>(_alice).AddAsync(
            new ExpenseInput { Date = new DateTime(2026, 3, 8), Description = "Concert", Amount = 80m, CategoryId = _entertainment }, Guid.NewGuid());
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ActivityPage>());
        page.WaitForAssertion(() => page.Button($"Undo: {Moved}"));
        var before = await Database.SnapshotAsync();

        await page.ClickAsync($"Undo: {Moved}");

        page.WaitForAssertion(() => page.AssertToast("Entertainment has only $20.00 available in March 2026; undoing this transfer needs $100.00.", failure: true));
        page.WaitForAssertion(() => page.Button($"Undo: {Moved}"));
        Assert.Empty(page.FindAll("[data-testid=undone]"));
        Assert.Equal(before, await Database.SnapshotAsync());
    }
}
