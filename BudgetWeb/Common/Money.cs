using FluentValidation;

namespace BudgetWeb.Common;

/// <summary>Money is entered as decimal (dollars and cents) and stored as integer cents.</summary>
public static class Money
{
    public const decimal Max = 1_000_000_000m;

    public static long ToCents(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal FromCents(long cents) => cents / 100m;

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, 2) == amount;

    /// <summary>The one rule for every amount a person types: present, in range, whole cents.</summary>
    public static IRuleBuilderOptions<T, decimal?> MustBeAnAmount<T>(this IRuleBuilder<T, decimal?> rule, bool allowZero = false)
    {
        var rules = rule.NotNull().WithMessage("Amount is required.");
        rules = allowZero
            ? rules.GreaterThanOrEqualTo(0).WithMessage("Amount can't be negative.")
            : rules.GreaterThan(0).WithMessage("Amount must be more than zero.");
        return rules
            .LessThanOrEqualTo(Max).WithMessage($"Amount can be at most {Formatting.Money(ToCents(Max))}.")
            .Must(amount => amount is null || HasAtMostTwoDecimals(amount.Value)).WithMessage("Amount can have at most 2 decimals.");
    }
}
