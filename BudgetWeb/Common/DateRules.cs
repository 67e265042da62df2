using FluentValidation;

namespace BudgetWeb.Common;

/// <summary>Dates a person types or imports: a year like 0001, 1900 or 2099 is a typo, not an expense.</summary>
public static class DateRules
{
    public static readonly DateOnly Earliest = new(1970, 1, 1);

    public static DateOnly Latest(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().Date).AddYears(1);

    public static string OutOfRange(TimeProvider clock) =>
        $"Dates must be between {Earliest.ToString("d", Formatting.Culture)} and {Latest(clock).ToString("d", Formatting.Culture)}.";

    public static IRuleBuilderOptions<T, DateTime?> MustBeAPlausibleDate<T>(this IRuleBuilder<T, DateTime?> rule, TimeProvider clock) =>
        rule.Must(date => date is null || DateOnly.FromDateTime(date.Value) >= Earliest && DateOnly.FromDateTime(date.Value) <= Latest(clock))
            .WithMessage(_ => OutOfRange(clock));
}
