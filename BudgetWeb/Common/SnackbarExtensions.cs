using MudBlazor;

namespace BudgetWeb.Common;

public static class SnackbarExtensions
{
    /// <summary>Every service result reaches the user the same way: green when it worked, red with the reason when not.</summary>
    public static void Show(this ISnackbar snackbar, Result result) =>
        snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Error);
}
