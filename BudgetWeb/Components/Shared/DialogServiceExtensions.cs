using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BudgetWeb.Components.Shared;

public static class DialogServiceExtensions
{
    /// <summary>Opens a dialog and waits for it: true when it closed having done something, false when cancelled.</summary>
    public static async Task<bool> ShowUntilClosedAsync<TDialog>(this IDialogService dialogs, string title, DialogParameters<TDialog> parameters, DialogOptions? options = null)
        where TDialog : ComponentBase
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, options ?? new DialogOptions());
        return !(await dialog.Result)!.Canceled;
    }
}
