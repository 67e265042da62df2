using AngleSharp.Dom;
using Bunit;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>Finds MudBlazor's rendered parts the way a person does: by a field's visible label, a button's text.</summary>
public static class MudQueries
{
    public static IElement Field<T>(this IRenderedComponent<T> host, string label) where T : Microsoft.AspNetCore.Components.IComponent =>
        host.FindAll(".mud-input-control").FirstOrDefault(c => c.QuerySelector("label")?.TextContent.Trim() == label)?.QuerySelector("input, textarea")
        ?? throw new InvalidOperationException($"No field labelled '{label}'.");

    public static IElement Button<T>(this IRenderedComponent<T> host, string text) where T : Microsoft.AspNetCore.Components.IComponent =>
        host.FindAll("button").FirstOrDefault(b => b.TextContent.Trim().Equals(text, StringComparison.OrdinalIgnoreCase) || b.GetAttribute("aria-label") == text)
        ?? throw new InvalidOperationException($"No button '{text}'.");

    /// <summary>Finds and clicks in one dispatch, so a re-render in between can't leave a stale handler.</summary>
    public static Task ClickAsync<T>(this IRenderedComponent<T> host, string text) where T : Microsoft.AspNetCore.Components.IComponent =>
        host.InvokeAsync(() => host.Button(text).Click());

    /// <summary>A toast with <paramref name="message"/> is showing, red for a failure or green for a success.</summary>
    public static void AssertToast<T>(this IRenderedComponent<T> host, string message, bool failure) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var toast = host.FindAll(".mud-snackbar").FirstOrDefault(t => t.TextContent.Contains(message))
            ?? throw new Xunit.Sdk.XunitException($"No toast says '{message}'. Showing: {string.Join(" | ", host.Toasts())}");
        Assert.Contains(failure ? "mud-alert-filled-error" : "mud-alert-filled-success", toast.ClassName);
    }

    public static IEnumerable<string> Toasts<T>(this IRenderedComponent<T> host) where T : Microsoft.AspNetCore.Components.IComponent =>
        host.FindAll(".mud-snackbar").Select(s => s.TextContent.Trim());
}
