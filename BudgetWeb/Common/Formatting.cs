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

    /// <summary>A count with its noun: "1 expense", "3 expenses".</summary>
    public static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", Culture);

    /// <summary>"Food (March 2026)", or just "Food" when no month is given.</summary>
    public static string InMonth(string category, DateOnly? month) => month is { } m ? $"{category} ({Month(m)})" : category;

    public static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    public static DateOnly FirstOfMonth(DateTime date) => new(date.Year, date.Month, 1);

    public static DateOnly CurrentMonth(TimeProvider clock) => FirstOfMonth(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
}
