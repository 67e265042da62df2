using BudgetWeb.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Data;

/// <summary>
/// The one model. Each provider has a subclass only so that it can keep its own migrations
/// (<see cref="SqliteBudgetDbContext"/>, <see cref="SqlServerBudgetDbContext"/>, <see cref="PostgreSqlBudgetDbContext"/>).
/// </summary>
public abstract class BudgetDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<BudgetAllocation> BudgetAllocations => Set<BudgetAllocation>();
    public DbSet<BudgetJournalEntry> BudgetJournal => Set<BudgetJournalEntry>();
    public DbSet<Expense> Expenses => Set<Expense>();
    public DbSet<ExpenseMonthTotal> ExpenseMonthTotals => Set<ExpenseMonthTotal>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<CarryOverSetting> CarryOverSettings => Set<CarryOverSetting>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportProfile> ImportProfiles => Set<ImportProfile>();
    public DbSet<CategorizationRule> CategorizationRules => Set<CategorizationRule>();
    public DbSet<Operation> Operations => Set<Operation>();
    public DbSet<AccountDeletionRecord> AccountDeletions => Set<AccountDeletionRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BudgetDbContext).Assembly);
    }
}

public sealed class SqliteBudgetDbContext(DbContextOptions<SqliteBudgetDbContext> options) : BudgetDbContext(options);

public sealed class SqlServerBudgetDbContext(DbContextOptions<SqlServerBudgetDbContext> options) : BudgetDbContext(options);
