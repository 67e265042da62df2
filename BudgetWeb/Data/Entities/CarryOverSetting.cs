namespace BudgetWeb.Data.Entities;

/// <summary>What a month's balance does at the month's end. Stored as text; the carry-over SQL compares these names.</summary>
public enum CarryOverMode
{
    /// <summary>The default: a positive balance carries into the next month, an overspent month starts the next at zero.</summary>
    Unspent,

    /// <summary>The balance carries either way: a deficit reduces the next month.</summary>
    UnspentAndOverspent,

    /// <summary>Each month stands alone.</summary>
    None,
}

/// <summary>
/// A user's carry-over choice for a category, from <see cref="EffectiveMonth"/> (first of a month) until the next
/// setting: months before it keep the figures they showed. No row means <see cref="CarryOverMode.Unspent"/>.
/// </summary>
public class CarryOverSetting
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public DateOnly EffectiveMonth { get; set; }
    public CarryOverMode Mode { get; set; }
    public DateTime ChangedAt { get; set; }
}
