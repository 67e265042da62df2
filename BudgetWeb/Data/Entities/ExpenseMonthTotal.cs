namespace BudgetWeb.Data.Entities;

/// <summary>
/// How many expenses a user has in one category and month, and their sum (Month is the first day of that month).
/// Written only by the database's triggers on Expenses (migration ExpenseMonthTotals, one per provider), so every
/// change to expenses, whichever code or tool makes it, moves these figures in the same transaction. Counts, the
/// trend and carry-over read these few hundred rows instead of every expense; the integrity check compares them.
/// </summary>
public class ExpenseMonthTotal
{
    public string UserId { get; set; } = "";
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public DateOnly Month { get; set; }
    public long ExpenseCount { get; set; }
    public long AmountCents { get; set; }
}
