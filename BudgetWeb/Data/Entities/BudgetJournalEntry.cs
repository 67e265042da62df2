namespace BudgetWeb.Data.Entities;

public enum JournalEntryKind { Set, TransferOut, TransferIn, Undo }

/// <summary>One change to an allocation; an allocation's amount always equals the sum of its journal.</summary>
public class BudgetJournalEntry
{
    public long Id { get; set; }
    public long AllocationId { get; set; }
    public BudgetAllocation? Allocation { get; set; }
    public long OperationId { get; set; }
    public Operation? Operation { get; set; }
    public JournalEntryKind Kind { get; set; }
    public long DeltaCents { get; set; }
    public DateTime CreatedAt { get; set; }
}
