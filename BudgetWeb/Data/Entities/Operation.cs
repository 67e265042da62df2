namespace BudgetWeb.Data.Entities;

public enum OperationKind
{
    AccountRegistered,
    AdminGranted,
    CategoryCreated,
    CategoryRenamed,
    CategoryDeleted,
    CategoriesMerged,
    BudgetSet,
    BudgetsCopied,
    BudgetTransferred,
    ExpenseAdded,
    ExpenseEdited,
    ExpenseDeleted,
    ExpensesDeleted,
    ExpenseSplit,
    ExpensesMoved,
    ImportCompleted,
    ImportReverted,
    CarryOverChanged,
    AdminRevoked,
    PasswordResetLinkCreated,
    PasswordReset,
    AccountDeleted,
    RuleAdded,
    RuleChanged,
    RuleDeleted,
    RuleMoved,
    ImportMappingSaved,

    /// <summary>An undo of another operation (<see cref="Operation.UndoOfId"/>); undoing it again is a redo.</summary>
    Undo,
}

/// <summary>
/// One user action, written in the same transaction as the change it describes.
/// <see cref="Key"/> is chosen by the caller (e.g. when a dialog opens), so a repeated submit finds the first one.
/// </summary>
public class Operation
{
    public const int SummaryMaxLength = 500;

    public long Id { get; set; }
    public Guid Key { get; set; }
    public string UserId { get; set; } = "";
    public OperationKind Kind { get; set; }

    /// <summary>What the user was told, e.g. "Moved $100.00 from Food to Entertainment (March 2026)."</summary>
    public string Summary { get; set; } = "";

    /// <summary>JSON with exactly what changed (ids and amounts), enough to undo it.</summary>
    public string Details { get; set; } = "{}";

    public DateTime CreatedAt { get; set; }

    /// <summary>Set on an undo: the operation it reversed. Unique, so an operation is undone at most once.</summary>
    public long? UndoOfId { get; set; }

    /// <summary>Set, in the undo's own transaction, on the operation an undo reversed.</summary>
    public long? UndoneById { get; set; }

    public DateTime? UndoneAt { get; set; }
}
