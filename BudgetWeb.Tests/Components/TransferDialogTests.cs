using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

public sealed class TransferDialogTests : ComponentTestBase
{
    private static readonly DateOnly March2026 = new(2026, 3, 1);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
        await Database.ServiceFor<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 40m }, Guid.NewGuid());
    }

    /// <summary>Opens the dialog as the Categories page does from Food's row, with From preselected and To chosen.</summary>
    private async Task<IRenderedComponent<DialogHost>> OpenAsync(int? from, int? to = null, IRenderedComponent<DialogHost>? host = null)
    {
        host ??= Context.Render<DialogHost>();
        var categories = await Database.ServiceFor<CategoryService>(Alice).ListAsync();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<TransferDialog>("", new DialogParameters<TransferDialog>
        {
            { d => d.Categories, categories },
            { d => d.FromCategoryId, from },
            { d => d.Month, March2026 },
        }));
        host.WaitForAssertion(() => host.Button("Transfer"));
        if (to is not null)
        {
            await host.InvokeAsync(() => host.FindComponents<MudSelect<int?>>()[1].Instance.SelectOption(to));
        }

        return host;
    }

    [Fact]
    public async Task What_was_typed_is_kept_in_the_tabs_session_storage_and_comes_back_after_a_reload_until_cancelled()
    {
        var key = $"draft:transfer:{Food}:2026-03";
        var host = await OpenAsync(from: Food, to: Fun);
        host.WaitForAssertion(() => Assert.Contains(Context.JSInterop.Invocations["sessionStorage.setItem"], i => (string)i.Arguments[0]! == key));
        var stored = Context.JSInterop.Invocations["sessionStorage.setItem"].Last(i => (string)i.Arguments[0]! == key);

        await host.ClickAsync("Cancel");
        host.WaitForAssertion(() => Assert.Contains(Context.JSInterop.Invocations["sessionStorage.removeItem"], i => (string)i.Arguments[0]! == key));

        // The page reloaded with the draft still in the tab (cancelling is what removes it): the dialog opens with it.
        Context.JSInterop.Setup<string>("sessionStorage.getItem", key).SetResult((string)stored.Arguments[1]!);
        var again = await OpenAsync(from: Food, host: host);
        again.WaitForAssertion(() => Assert.Contains("Restored what you typed before the page reloaded.", again.Markup));
        Assert.Equal(Fun, again.FindComponents<MudSelect<int?>>()[1].Instance.Value);
    }

    [Fact]
    public async Task What_is_typed_while_the_browser_is_still_looking_for_a_draft_is_kept_and_Transfer_waits_for_the_answer()
    {
        // A slow connection: the tab hasn't answered whether it holds a draft of this transfer yet.
        var lookup = Context.JSInterop.Setup<string>("sessionStorage.getItem", $"draft:transfer:{Food}:2026-03");
        var host = await OpenAsync(from: Food, to: Fun);
        host.Field("Amount").Input("15");

        Assert.True(host.Button("Transfer").HasAttribute("disabled"));
        await host.ClickAsync("Transfer");
        Assert.Contains("Transfer budget", host.Markup);

        await host.InvokeAsync(() => lookup.SetResult(null!)); // no draft
        host.WaitForAssertion(() => Assert.False(host.Button("Transfer").HasAttribute("disabled")));
        await host.ClickAsync("Transfer");

        host.WaitForAssertion(() =>
        {
            host.AssertToast("Moved $15.00 from Food to Fun (March 2026).", failure: false);
            Assert.DoesNotContain("Transfer budget", host.Markup);
        });
    }

    [Fact]
    public async Task A_draft_that_arrives_after_the_user_typed_does_not_replace_what_was_typed()
    {
        var key = $"draft:transfer:{Food}:2026-03";
        var host = await OpenAsync(from: Food, to: Fun); // leaves a draft: From Food, To Fun
        host.WaitForAssertion(() => Assert.Contains(Context.JSInterop.Invocations["sessionStorage.setItem"], i => (string)i.Arguments[0]! == key));
        var stored = (string)Context.JSInterop.Invocations["sessionStorage.setItem"].Last(i => (string)i.Arguments[0]! == key).Arguments[1]!;

        await host.ClickAsync("Cancel"); // the tab keeps answering with the stored draft below, as after a reload

        // The dialog opens again; the tab's answer comes only after an amount was typed.
        var lookup = Context.JSInterop.Setup<string>("sessionStorage.getItem", key);
        var again = await OpenAsync(from: Food, host: host);
        again.Field("Amount").Input("15");
        await again.InvokeAsync(() => lookup.SetResult(stored));

        again.WaitForAssertion(() => Assert.False(again.Button("Transfer").HasAttribute("disabled")));
        Assert.Equal("15.00", again.Field("Amount").GetAttribute("value"));
        Assert.DoesNotContain("Restored what you typed before the page reloaded.", again.Markup);
    }

    [Fact]
    public async Task The_dialog_shows_its_validation_messages_and_moves_nothing()
    {
        var host = await OpenAsync(from: null);
        var before = await Database.SnapshotAsync();

        await host.ClickAsync("Transfer");

        host.WaitForAssertion(() =>
        {
            Assert.Contains("Choose the category to move budget from.", host.Markup);
            Assert.Contains("Choose the category to move budget to.", host.Markup);
            Assert.Contains("Amount is required.", host.Markup);
        });
        host.Field("Amount").Input("0");
        host.WaitForAssertion(() => Assert.Contains("Amount must be more than zero.", host.Markup));
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task From_and_To_must_differ()
    {
        var host = await OpenAsync(from: Food, to: Food);
        host.Field("Amount").Input("5");

        await host.ClickAsync("Transfer");

        host.WaitForAssertion(() => Assert.Contains("From and To must be different categories.", host.Markup));
    }

    [Fact]
    public async Task Too_large_an_amount_shows_the_insufficient_funds_toast_and_keeps_the_dialog()
    {
        var host = await OpenAsync(from: Food, to: Fun);
        var before = await Database.SnapshotAsync();
        host.Field("Amount").Input("100");

        await host.ClickAsync("Transfer");

        host.WaitForAssertion(() =>
        {
            host.AssertToast("Food has only $40.00 available in March 2026.", failure: true);
        });
        Assert.Contains("Transfer budget", host.Markup);
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task A_transfer_that_would_leave_a_later_month_short_shows_which_month_and_keeps_the_dialog()
    {
        // March's unspent $40.00 carries into April, where $30.00 was spent with nothing budgeted.
        await Database.ServiceFor<ExpenseService>(Alice).AddAsync(
            new ExpenseInput { Date = new DateTime(2026, 4, 9), Description = "Groceries", Amount = 30m, CategoryId = Food }, Guid.NewGuid());
        var host = await OpenAsync(from: Food, to: Fun);
        var before = await Database.SnapshotAsync();
        host.Field("Amount").Input("20");

        await host.ClickAsync("Transfer");

        host.WaitForAssertion(() => host.AssertToast("Food would be $10.00 short in April 2026.", failure: true));
        Assert.Contains("Transfer budget", host.Markup);
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task A_successful_transfer_shows_the_green_toast_and_closes()
    {
        var host = await OpenAsync(from: Food, to: Fun);
        host.Field("Amount").Input("15");

        await host.ClickAsync("Transfer");

        host.WaitForAssertion(() =>
        {
            host.AssertToast("Moved $15.00 from Food to Fun (March 2026).", failure: false);
            Assert.DoesNotContain("Transfer budget", host.Markup);
        });
    }
}
