namespace BudgetWeb.Data.Entities;

/// <summary>
/// The installation's record that an account was deleted: when, never who. The account and everything it owned
/// are gone, its activity with it; admins still see that a deletion happened.
/// </summary>
public class AccountDeletionRecord
{
    public long Id { get; set; }
    public DateTime DeletedAt { get; set; }
}
