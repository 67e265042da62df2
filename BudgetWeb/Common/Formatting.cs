using System.Globalization;

namespace BudgetWeb.Common;

/// <summary>Money is stored in cents; one currency per installation, shown in the configured culture (Budget:Culture).</summary>
public static class Formatting
{
    public static CultureInfo Culture { get; private set; } = CultureInfo.GetCultureInfo("en-US");

    public static void UseCulture(string? name)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            Culture = CultureInfo.GetCultureInfo(name);
        }
    }

    public static string Money(long cents) => (cents / 100m).ToString("C", Culture);

    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", Culture);

    public static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    public static DateOnly FirstOfMonth(DateTime date) => new(date.Year, date.Month, 1);

    public static DateOnly CurrentMonth(TimeProvider clock) => FirstOfMonth(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
}
