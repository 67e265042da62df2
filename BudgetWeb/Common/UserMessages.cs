namespace BudgetWeb.Common;

/// <summary>The words users see when something fails. One place, so they stay consistent.</summary>
public static class UserMessages
{
    public const string Unexpected = "Something went wrong. Nothing was changed.";
    public const string Busy = "The database is busy. Nothing was changed; please try again.";
    public const string Concurrency = "This was changed elsewhere. Reload and try again.";
    public const string CategoryMissing = "That category no longer exists.";
    public const string Cancelled = "Cancelled. Nothing was changed.";
    public const string Duplicate = "That already exists. Nothing was changed.";
    public const string OnlyAdministrator = "You are the only administrator. Make someone else an administrator first.";
    public const string AmountNotAllowed = "That amount isn't allowed: expenses and transfers must be more than zero, budgets can't go below zero. Nothing was changed.";

    public static string CategoryExists(string name) => $"A category named '{name}' already exists.";

    public static string InsufficientFunds(string category, long availableCents, DateOnly month) =>
        $"{category} has only {Formatting.Money(availableCents)} available in {Formatting.Month(month)}.";

    /// <summary>A change that would leave a later month (or its own) with less than nothing, through what carries over.</summary>
    public static string WouldBeShort(string category, long shortCents, DateOnly month) =>
        $"{category} would be {Formatting.Money(shortCents)} short in {Formatting.Month(month)}.";

    /// <summary>Money carried in is available but was budgeted in an earlier month, and allocations never go below zero.</summary>
    public static string OnlyBudgetedCanMove(string category, long allocatedCents, DateOnly month) =>
        $"Only the {Formatting.Money(allocatedCents)} budgeted for {category} in {Formatting.Month(month)} can be moved; move money carried in from the month it was budgeted in.";
}
