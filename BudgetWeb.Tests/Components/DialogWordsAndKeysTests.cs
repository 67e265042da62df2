using BudgetWeb.Components.Pages.Admin;
using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

/// <summary>Dialogs answer the keyboard, and their messages say exactly what happened.</summary>
public sealed class DialogWordsAndKeysTests : ComponentTestBase
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private TestUser _admin = null!;
    private int _utilities;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        _utilities = await Database.CreateCategoryAsync("Utilities");
        SignIn(_admin);
    }

    private async Task<IRenderedComponent<DialogHost>> OpenAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : ComponentBase
    {
        var host = Context.Render<DialogHost>();
        await host.InvokeAsync(() => Context.Services.GetRequiredService<IDialogService>().ShowAsync<TDialog>("", parameters));
        return host;
    }

    private async Task<int> OperationCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Operations.CountAsync();
    }

    [Fact]
    public async Task Enter_submits_the_dialog_and_a_name_ending_in_s_takes_only_an_apostrophe()
    {
        var host = await OpenAsync(new DialogParameters<BudgetDialog> { { d => d.CategoryId, _utilities }, { d => d.Category, "Utilities" }, { d => d.Month, March } });
        host.WaitForAssertion(() => host.Field("Amount"));

        host.Field("Amount").Input("50");
        await host.InvokeAsync(() => host.Field("Amount").KeyUp(new KeyboardEventArgs { Key = "Enter" }));

        host.WaitForAssertion(() => host.AssertToast("Set Utilities' budget for March 2026 to $50.00.", failure: false));
        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
    }

    [Fact]
    public async Task Escape_cancels_the_dialog_and_changes_nothing()
    {
        var host = await OpenAsync(new DialogParameters<CategoryDialog>());
        host.WaitForAssertion(() => host.Field("Name"));
        var before = await Database.SnapshotAsync();

        host.Field("Name").Input("Travel");
        await host.InvokeAsync(() => host.Field("Name").KeyUp(new KeyboardEventArgs { Key = "Escape" }));

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task A_rename_that_only_trims_spaces_is_not_recorded()
    {
        var usage = (await Database.ServiceFor<CategoryAdmin>(_admin).ListAsync()).Value!.Single(c => c.Name == "Utilities");
        var host = await OpenAsync(new DialogParameters<RenameCategoryDialog> { { d => d.Category, usage } });
        host.WaitForAssertion(() => host.Field("Name"));
        var before = await Database.SnapshotAsync();

        host.Field("Name").Input("  Utilities ");
        await host.ClickAsync("Rename");

        host.WaitForAssertion(() => host.AssertToast("Utilities already has that name; nothing was changed.", failure: false));
        Assert.DoesNotContain(host.Toasts(), t => t.Contains("Renamed"));
        Assert.Equal(before, await Database.SnapshotAsync());
        Assert.Equal(0, await OperationCountAsync());
    }

    [Fact]
    public async Task The_merge_preview_and_the_toast_tell_the_same_story_about_transfers()
    {
        var heating = await Database.CreateCategoryAsync("Heating");
        Assert.True((await Database.ServiceFor<BudgetService>(_admin).SetAsync(new BudgetInput { CategoryId = _utilities, Month = March, Amount = 100m }, Guid.NewGuid())).Succeeded);
        Assert.True((await Database.ServiceFor<TransferService>(_admin).MoveAsync(
            new TransferInput { FromCategoryId = _utilities, ToCategoryId = heating, Month = March.ToDateTime(TimeOnly.MinValue), Amount = 10m }, Guid.NewGuid())).Succeeded);
        var categories = await Database.ServiceFor<CategoryService>(_admin).ListAsync();
        var host = Context.Render<DialogHost>();
        await host.InvokeAsync(() => Context.Services.GetRequiredService<IDialogService>().ShowAsync<MergeDialog>("", new DialogParameters<MergeDialog>
        {
            { d => d.Categories, categories },
            { d => d.SourceId, heating },
        }));
        host.WaitForAssertion(() => host.Button("Merge"));
        await host.InvokeAsync(() => host.FindComponents<MudSelect<int?>>()[1].Instance.SelectOption((int?)_utilities));

        host.WaitForAssertion(() => Assert.Contains(
            "Transfers: 0 transfers moved; 1 transfer between the two removed (they move nothing once merged).",
            host.Find("[data-testid=merge-transfers]").TextContent.Trim()));
        await host.ClickAsync("Merge");

        host.WaitForAssertion(() => host.AssertToast("Merged Heating into Utilities: 0 expenses, 1 budget and 0 transfers moved; 1 transfer between the two removed.", failure: false));
    }
}
