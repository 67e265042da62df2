namespace BudgetWeb.Data.Entities;

/// <summary>Budget moved from one category to another within a month: the debit and credit live in the journal.</summary>
public class Transfer
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public int FromCategoryId { get; set; }
    public Category? FromCategory { get; set; }
    public int ToCategoryId { get; set; }
    public Category? ToCategory { get; set; }
    public DateOnly Month { get; set; }
    public long AmountCents { get; set; }
    public string? Note { get; set; }
    public long OperationId { get; set; }
    public Operation? Operation { get; set; }
    public DateTime CreatedAt { get; set; }
}
