using BudgetWeb.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace BudgetWeb.Components.Shared;

/// <summary>
/// What every dialog that changes data does the same way: one operation key from the moment it opens (so a
/// double click or a retry is applied once), validate the form, call the service, show the result as a toast (with Undo),
/// and close only on success — on failure the dialog stays open with what the user typed. Enter submits, Escape cancels.
/// A dialog with a <see cref="DraftKey"/> keeps what is typed in the tab's session storage until it is saved or
/// cancelled, so a reload (a server restart, a lost connection) doesn't lose it: opening the dialog again restores it.
/// </summary>
public abstract class OperationDialog : ComponentBase
{
    [CascadingParameter]
    protected IMudDialogInstance Dialog { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private UndoToasts Toasts { get; set; } = null!;

    [Inject]
    private ProtectedSessionStorage SessionStorage { get; set; } = null!;

    /// <summary>Where this dialog's draft lives in session storage (one per kind of dialog and thing edited); null: no draft.</summary>
    protected virtual string? DraftKey => null;

    /// <summary>Whether the values shown were restored from a draft: the dialog says so.</summary>
    protected bool RestoredDraft { get; private set; }

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    /// <summary>
    /// How long a dialog waits for the browser to say whether it holds a draft: a storage call can queue behind others
    /// for up to JS interop's one-minute timeout, and Save must not stay disabled that long. Past it, no draft.
    /// </summary>
    private static readonly TimeSpan DraftPatience = TimeSpan.FromSeconds(5);

    /// <summary>Set once <see cref="RestoreDraftAsync{T}"/> has had the browser's answer (or stopped waiting for it).</summary>
    private bool _draftLookedFor;

    /// <summary>Set once a field changed: what the user typed is newer than any draft an answer still on its way brings.</summary>
    private bool _edited;

    /// <summary>
    /// False while a dialog with a draft is still asking the browser for it (one round trip, longer on a slow
    /// connection): its main button stays disabled until then (a Save clicked or Enter pressed meanwhile does nothing),
    /// so Save never runs on a form a draft is about to replace.
    /// </summary>
    protected bool Ready => DraftKey is null || _draftLookedFor;

    protected Guid OperationKey { get; } = Guid.NewGuid();

    /// <summary>Set with @ref when the dialog has a form; validated before the operation runs.</summary>
    protected MudForm? Form { get; set; }

    protected bool Busy { get; private set; }

    /// <returns>Whether the operation succeeded (and the dialog closed).</returns>
    protected async Task<bool> SubmitAsync(Func<Task<Result>> operation)
    {
        if (Busy || !Ready)
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
                // Closing must not wait for the browser: a storage call stuck behind other calls kept the dialog open
                // (up to JS interop's one-minute timeout) after its change was saved.
                _ = ForgetDraftAsync(); // never throws
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
        _ = ForgetDraftAsync(); // never throws; the dialog closes now either way
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

    /// <summary>Set once the dialog was saved or cancelled: a field change after that keeps no draft.</summary>
    private bool _finished;

    /// <summary>Keeps <paramref name="draft"/> (what the form holds now) until the dialog is saved or cancelled.</summary>
    protected async Task SaveDraftAsync<T>(T draft)
    {
        _edited = true;
        if (DraftKey is { } key && !_finished)
        {
            await TryStorageAsync(() => SessionStorage.SetAsync(key, draft!).AsTask());
        }
    }

    /// <summary>
    /// The draft this dialog left before a reload, if any; a draft that can't be read, or doesn't come within
    /// <see cref="DraftPatience"/>, is dropped. The dialog's form is already filled with its starting values (set in
    /// OnInitialized, so what is typed before this returns lands in them) and is replaced only by a draft that exists
    /// and nothing typed since.
    /// </summary>
    protected async Task<T?> RestoreDraftAsync<T>()
    {
        if (DraftKey is not { } key)
        {
            return default;
        }

        try
        {
            var lookup = TryStorageAsync(async () => await SessionStorage.GetAsync<T>(key) is { Success: true, Value: { } value } ? value : default);
            var draft = await Task.WhenAny(lookup, Task.Delay(DraftPatience, Clock)) == lookup ? await lookup : default;
            if (_edited)
            {
                draft = default; // typed while the answer was on its way: newer than the draft
            }

            RestoredDraft = draft is not null;
            return draft;
        }
        finally
        {
            _draftLookedFor = true;
        }
    }

    private async Task ForgetDraftAsync()
    {
        _finished = true; // calls to the browser run in order: a draft written before this is removed after it
        if (DraftKey is { } key)
        {
            await TryStorageAsync(() => SessionStorage.DeleteAsync(key).AsTask());
        }
    }

    /// <summary>
    /// A draft is a convenience: when the browser is gone (the circuit disconnected) or the stored value can't be
    /// unprotected (keys rotated, a different app version), the dialog works on without it.
    /// </summary>
    private static Task TryStorageAsync(Func<Task> use) => TryStorageAsync<bool>(async () =>
    {
        await use();
        return true;
    });

    private static async Task<T?> TryStorageAsync<T>(Func<Task<T?>> use)
    {
        try
        {
            return await use();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException
            or System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException)
        {
            return default;
        }
    }
}
