using MudBlazor;

namespace BudgetWeb.Components.Layout;

public static class BudgetTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#2e7d32", AppbarBackground = "#2e7d32" },
        PaletteDark = new PaletteDark { Primary = "#66bb6a" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
