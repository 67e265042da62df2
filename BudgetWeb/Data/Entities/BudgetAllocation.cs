namespace BudgetWeb.Data.Entities;

/// <summary>How much a user allocated to a category for one month (Month is the first day of that month).</summary>
public class BudgetAllocation
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public DateOnly Month { get; set; }
    public long AmountCents { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<BudgetJournalEntry> Journal { get; } = [];
}
