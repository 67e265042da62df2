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

    public static IEnumerable<string> Toasts<T>(this IRenderedComponent<T> host) where T : Microsoft.AspNetCore.Components.IComponent =>
        host.FindAll(".mud-snackbar").Select(s => s.TextContent.Trim());
}
