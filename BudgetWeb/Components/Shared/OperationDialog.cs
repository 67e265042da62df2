using BudgetWeb.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace BudgetWeb.Components.Shared;

/// <summary>
/// What every dialog that changes data does the same way: one operation key from the moment it opens (so a
/// double click or a retry is applied once), validate the form, call the service, show the result as a toast (with Undo),
/// and close only on success — on failure the dialog stays open with what the user typed. Enter submits, Escape cancels.
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

    /// <returns>Whether the operation succeeded (and the dialog closed).</returns>
    protected async Task<bool> SubmitAsync(Func<Task<Result>> operation)
    {
        if (Busy)
        {
            return false;
        }

        if (Form is not null)
        {
            await Form.ValidateAsync();
            if (!Form.IsValid)
            {
                return false;
            }
        }

        Busy = true;
        try
        {
            var result = await operation();
            if (result.Failure is FailureKind.Concurrency or FailureKind.NotFound)
            {
                ShowStale(result);
            }
            else
            {
                await Toasts.ShowAsync(result, OperationKey);
            }

            if (result.Succeeded)
            {
                Dialog.Close(DialogResult.Ok(result));
            }

            return result.Succeeded;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Set once the data was changed or removed elsewhere: the page behind shows old values.</summary>
    private bool _stale;

    /// <summary>
    /// "This was changed elsewhere..." or "That expense no longer exists.": the toast offers Reload, which closes the
    /// dialog; however it closes from now on, it closes as "changed", so the page reads its data again.
    /// </summary>
    protected void ShowStale(Result refusal)
    {
        _stale = true;
        Snackbar.Add(refusal.Message, Severity.Error, options =>
        {
            options.Action = "Reload";
            options.ActionColor = Color.Inherit;
            options.OnClick = _ =>
            {
                Cancel();
                return Task.CompletedTask;
            };
        });
    }

    protected void Cancel()
    {
        if (_stale)
        {
            Dialog.Close(DialogResult.Ok(true));
        }
        else
        {
            Dialog.Cancel();
        }
    }

    /// <summary>The dialog's main button (Save, Transfer, Merge...): also what Enter does.</summary>
    protected abstract Task SubmitDefaultAsync();

    /// <summary>
    /// On the dialog's content: Enter submits, Escape cancels. Key up, not down: a field that commits its value on
    /// Enter (change) has done so by then. Shift+Enter is left to multi-line fields for a new line.
    /// </summary>
    protected async Task OnKeyUpAsync(KeyboardEventArgs key)
    {
        switch (key.Key)
        {
            case "Enter" or "NumpadEnter" when !key.ShiftKey:
                await SubmitDefaultAsync();
                break;
            case "Escape":
                Cancel();
                break;
        }
    }
}
