namespace BudgetWeb.Data.Entities;

public class Expense
{
    public const int DescriptionMaxLength = 200;
    public const int NoteMaxLength = 500;

    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public DateOnly Date { get; set; }
    public string Description { get; set; } = "";
    public long AmountCents { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public string? Note { get; set; }

    /// <summary>Shared by the parts of one split expense.</summary>
    public Guid? SplitGroupId { get; set; }

    public long? ImportBatchId { get; set; }
    public ImportBatch? ImportBatch { get; set; }

    /// <summary>Deterministic key of an imported row; unique per user so a row can't be imported twice.</summary>
    public string? ImportKey { get; set; }

    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}
