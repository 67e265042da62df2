using BudgetWeb.Data;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// A fresh database with two users, Alice and Bob, and the household's categories Food, Rent and Fun. SQLite unless a
/// subclass asks for PostgreSQL: provider-sensitive tests are abstract, with one subclass per provider.
/// </summary>
public abstract class ServiceTestBase(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    protected static readonly DateOnly March2026 = new(2026, 3, 1);

    protected TestDatabase Database { get; private set; } = null!;
    protected TestUser Alice { get; private set; } = null!;
    protected TestUser Bob { get; private set; } = null!;
    protected int Food { get; private set; }
    protected int Rent { get; private set; }
    protected int Fun { get; private set; }

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Alice = await Database.CreateUserAsync("alice@example.com");
        Bob = await Database.CreateUserAsync("bob@example.com");
        Food = await Database.CreateCategoryAsync("Food");
        Rent = await Database.CreateCategoryAsync("Rent");
        Fun = await Database.CreateCategoryAsync("Fun");
    }

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();

    protected T As<T>(TestUser user) where T : notnull => Database.ServiceFor<T>(user);
}
