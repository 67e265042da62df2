using BudgetWeb.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BudgetWeb.Components.Shared;

/// <summary>
/// What every dialog that changes data does the same way: one operation key from the moment it opens (so a
/// double click or a retry is applied once), validate the form, call the service, show the result as a toast (with Undo),
/// and close only on success — on failure the dialog stays open with what the user typed.
/// </summary>
public abstract class OperationDialog : ComponentBase
{
    [CascadingParameter]
    protected IMudDialogInstance Dialog { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private UndoToasts Toasts { get; set; } = null!;

    protected Guid OperationKey { get; } = Guid.NewGuid();

    /// <summary>Set with @ref when the dialog has a form; validated before the operation runs.</summary>
    protected MudForm? Form { get; set; }

    protected bool Busy { get; private set; }

    protected async Task SubmitAsync(Func<Task<Result>> operation)
    {
        if (Busy)
        {
            return;
        }

        if (Form is not null)
        {
            await Form.ValidateAsync();
            if (!Form.IsValid)
            {
                return;
            }
        }

        Busy = true;
        try
        {
            var result = await operation();
            await Toasts.ShowAsync(result, OperationKey);
            if (result.Succeeded)
            {
                Dialog.Close(DialogResult.Ok(result));
            }
        }
        finally
        {
            Busy = false;
        }
    }

    protected void Cancel() => Dialog.Cancel();
}
