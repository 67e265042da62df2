namespace BudgetWeb.Data.Entities;

public enum RuleMatch { Contains, StartsWith, Equals }

/// <summary>
/// "Description contains / starts with / equals <see cref="Text"/> → <see cref="CategoryId"/>": one user's rule for
/// categorizing imported rows. The user's rules are tried in <see cref="Position"/> order; the first that matches wins.
/// </summary>
public class CategorizationRule
{
    public const int TextMaxLength = 200;

    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public int Position { get; set; }
    public RuleMatch Match { get; set; }
    public string Text { get; set; } = "";
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public DateTime CreatedAt { get; set; }
}
