using System.Data;
using System.Data.Common;
using System.Security.Claims;
using BudgetWeb.Data;
using BudgetWeb.Extensions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// What differs between the databases the benchmarks run on: how a fresh database is configured and dropped, how raw
/// ADO.NET connects, how expenses are bulk-loaded, and the few SQL expressions with no common spelling. Everything else
/// (the scenarios, the hand-written SQL with quoted names and @parameters, the seeding) is shared.
/// </summary>
internal abstract class BenchProvider
{
    /// <summary>"SQLite" or "PostgreSQL", as printed in titles.</summary>
    public abstract string Name { get; }

    /// <summary>The app's settings for a new database, and the connection string raw ADO.NET uses for it.</summary>
    protected abstract (Dictionary<string, string?> Settings, string ConnectionString) NewDatabaseSettings(string purpose);

    public abstract DbConnection Connect(string connectionString);

    /// <summary>Why the benchmark can't run on this provider, or null when it can.</summary>
    public virtual string? Problem() => null;

    public abstract Task DropAsync(BenchDatabase database);

    /// <summary>A Guid as the column stores it: text on SQLite (as EF writes it), uuid on PostgreSQL.</summary>
    public abstract object StoredGuid(Guid value);

    /// <summary>A date column's year and month as a grouping key.</summary>
    public abstract string MonthKey(string column);

    /// <summary>A date column's year and month as two columns, the obvious way to group by month.</summary>
    public abstract string YearAndMonth(string column);

    /// <summary>The expense alias <c>e</c>'s description contains <paramref name="word"/>, ignoring case: the obvious way, and the indexed way.</summary>
    public abstract string NaiveTextMatch(string word);

    public abstract string IndexedTextMatch(string word);

    /// <summary>Writes seeded expenses as fast as this database takes them.</summary>
    public abstract void BulkInsertExpenses(DbConnection connection, IEnumerable<RawExpense> expenses);

    /// <summary>A prepared INSERT per expense, all in one transaction: the plain way to write rows by hand.</summary>
    public void InsertExpensesOneByOne(DbConnection connection, IEnumerable<RawExpense> expenses)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = transaction.Command(
            """
            INSERT INTO "Expenses" ("UserId", "Date", "Description", "AmountCents", "CategoryId", "ImportKey", "CreatedAt", "Version")
            VALUES (@u, @d, @s, @a, @c, @k, '2026-01-01', @v)
            """);
        // Values of the right types before Prepare: Npgsql fixes each parameter's type there.
        var (u, d, s, a, c, k, v) = (insert.AddParameter("u", ""), insert.AddParameter("d", DateOnly.MinValue), insert.AddParameter("s", ""),
            insert.AddParameter("a", 0L), insert.AddParameter("c", 0), insert.AddParameter("k", "", DbType.String), insert.AddParameter("v", StoredGuid(Guid.Empty)));
        insert.Prepare();
        foreach (var e in expenses)
        {
            (u.Value, d.Value, s.Value, a.Value, c.Value, k.Value, v.Value) =
                (e.UserId, e.Date, e.Description, e.AmountCents, e.CategoryId, (object?)e.ImportKey ?? DBNull.Value, StoredGuid(Guid.NewGuid()));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>After seeding: statistics for the planner (and on PostgreSQL a vacuum, as autovacuum would have done).</summary>
    public abstract string AfterSeedSql { get; }

    /// <summary>A fresh database migrated by the app's own start-up code (<see cref="DatabaseStartup.PrepareDatabaseAsync"/>), with one user.</summary>
    public async Task<BenchDatabase> NewDatabaseAsync(string purpose)
    {
        var (settings, connectionString) = NewDatabaseSettings(purpose);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddBudgetDatabase()
            .AddBudgetIdentityStores()
            .AddBudgetFeatures();
        collection.AddScoped<AuthenticationStateProvider, BenchmarkUser>();
        var services = collection.BuildServiceProvider();
        var database = new BenchDatabase(this, services, connectionString);
        try
        {
            await services.PrepareDatabaseAsync();
            using var connection = database.Connect();
            database.UserId = InsertUser(connection, "bench@example.com");
            return database;
        }
        catch
        {
            await database.DisposeAsync(); // a half-made database is not left behind on the server
            throw;
        }
    }

    public string InsertUser(DbConnection connection, string email)
    {
        var id = Guid.NewGuid().ToString();
        connection.Execute(
            """
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "RegisteredAt")
            VALUES (@id, @e, upper(@e), @e, upper(@e), FALSE, FALSE, FALSE, TRUE, 0, '2026-01-01')
            """,
            ("id", id), ("e", email));
        return id;
    }
}

/// <summary>An expense as the hand-written baselines write it: the seeded data set, or an import's valid rows.</summary>
internal sealed record RawExpense(string UserId, DateOnly Date, string Description, long AmountCents, int CategoryId, string? ImportKey = null);

/// <summary>A benchmark's database: the app's services over it, and raw ADO.NET connections to it. Disposing drops it.</summary>
internal sealed class BenchDatabase(BenchProvider provider, ServiceProvider services, string connectionString) : IAsyncDisposable
{
    public BenchProvider Provider => provider;

    public IServiceProvider Services => services;

    public string ConnectionString => connectionString;

    /// <summary>The user <see cref="BenchProvider.NewDatabaseAsync"/> created.</summary>
    public string UserId { get; set; } = "";

    /// <summary>An open raw connection, as the hand-written baselines use.</summary>
    public DbConnection Connect() => provider.Connect(connectionString);

    public async ValueTask DisposeAsync()
    {
        await provider.DropAsync(this);
        await services.DisposeAsync();
    }
}

/// <summary>The signed-in user the app's services see.</summary>
internal sealed class BenchmarkUser : AuthenticationStateProvider
{
    public static string Id { get; set; } = "";

    public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
        Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Id)], "Benchmark"))));
}

/// <summary>Provider-neutral ADO.NET: commands with @parameters, which both Microsoft.Data.Sqlite and Npgsql read.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>A command in <paramref name="transaction"/> (Microsoft.Data.Sqlite refuses one without it while a transaction is open).</summary>
    public static DbCommand Command(this DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = transaction.Connection!.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    /// <param name="type">Needed where the value may later be null: Npgsql otherwise infers a parameter's type from its value.</param>
    public static DbParameter AddParameter(this DbCommand command, string name, object value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        if (type is { } explicitType)
        {
            parameter.DbType = explicitType;
        }

        command.Parameters.Add(parameter);
        return parameter;
    }

    public static int Execute(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static int Execute(this DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = transaction.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteScalar();
    }
}
