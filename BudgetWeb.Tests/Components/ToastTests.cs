using BudgetWeb.Common;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

public sealed class ToastTests : ComponentTestBase
{
    [Fact]
    public async Task A_failed_result_shows_a_red_toast_with_its_message()
    {
        var provider = Context.Render<MudSnackbarProvider>();
        var snackbar = Context.Services.GetRequiredService<ISnackbar>();

        await provider.InvokeAsync(() => snackbar.Show(Result.Fail(FailureKind.Busy, UserMessages.Busy)));

        provider.WaitForAssertion(() =>
        {
            provider.AssertToast("The database is busy. Nothing was changed; please try again.", failure: true);
        });
    }

    [Fact]
    public async Task A_successful_result_shows_a_green_toast()
    {
        var provider = Context.Render<MudSnackbarProvider>();
        var snackbar = Context.Services.GetRequiredService<ISnackbar>();

        await provider.InvokeAsync(() => snackbar.Show(Result.Ok("Moved $100.00 from Food to Entertainment (March 2026).")));

        provider.WaitForAssertion(() =>
        {
            provider.AssertToast("Moved $100.00 from Food to Entertainment (March 2026).", failure: false);
        });
    }
}
