using BudgetWeb.Common;
using BudgetWeb.Features.Undo;
using MudBlazor;

namespace BudgetWeb.Components.Shared;

/// <summary>
/// A change's success toast with an "Undo" action, shown long enough to reach (10 s). The undo's own toast offers
/// "Undo" again, which is a redo. The undo key is fixed per toast, so a double click applies once. One Undo toast at a
/// time: a new one replaces the last, so a run of changes never stacks toasts over the page (Activity undoes older ones).
/// Pages refresh through <see cref="ChangeNotifier"/>, which the runner calls after the undo commits.
/// </summary>
public sealed class UndoToasts(ISnackbar snackbar, UndoService undo)
{
    public const string Action = "Undo";
    public const int VisibleMilliseconds = 10_000;

    /// <summary>Shows <paramref name="result"/>; when it succeeded and its operation can be undone, with the Undo action.</summary>
    public async Task ShowAsync(Result result, Guid operationKey)
    {
        if (!result.Succeeded || await undo.UndoableKindAsync(operationKey) is null)
        {
            snackbar.Show(result);
            return;
        }

        var undoKey = Guid.NewGuid();
        snackbar.RemoveByKey(Action);
        snackbar.Add(result.Message, Severity.Success, config =>
        {
            config.DuplicatesBehavior = SnackbarDuplicatesBehavior.Allow;
            config.Action = Action;
            config.ActionColor = Color.Inherit;
            config.VisibleStateDuration = VisibleMilliseconds;
            config.OnClick = _ => UndoAsync(operationKey, undoKey);
        }, key: Action);
    }

    private async Task UndoAsync(Guid operationKey, Guid undoKey)
    {
        var result = await undo.UndoByKeyAsync(operationKey, undoKey);
        await ShowAsync(result, undoKey);
    }
}
