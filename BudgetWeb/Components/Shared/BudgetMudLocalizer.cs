using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace BudgetWeb.Components.Shared;

/// <summary>MudBlazor's own messages where this app says it differently; every other text stays MudBlazor's.</summary>
public sealed class BudgetMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> Words = new()
    {
        // The date pickers hold dates only: "Not a valid date time" would puzzle.
        ["Converter_InvalidDateTime"] = "Not a valid date.",
    };

    public override LocalizedString this[string key] =>
        Words.TryGetValue(key, out var text) ? new(key, text) : new(key, key, resourceNotFound: true);

    /// <summary>MudBlazor with these words; by default it would skip a custom localizer whenever the UI culture is English.</summary>
    public static IServiceCollection AddBudgetMudServices(IServiceCollection services)
    {
        // Toasts stay 10 s when they offer Undo: bottom left, they cover neither the action buttons (top right) nor a dialog's (its bottom right).
        // Up to 10 at once (MudBlazor's default is 5): a sixth would wait unseen behind five Undo toasts.
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            config.SnackbarConfiguration.MaxDisplayedSnackbars = 10;
        });
        services.AddTransient<MudLocalizer, BudgetMudLocalizer>();
        services.AddTransient<ILocalizationInterceptor>(provider => new DefaultLocalizationInterceptor(
            provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<MudLocalizer>()) { IgnoreDefaultEnglish = true });
        return services;
    }
}
