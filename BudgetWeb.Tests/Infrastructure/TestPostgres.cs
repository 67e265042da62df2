using BudgetWeb.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// The live PostgreSQL server the tests use: BUDGETWEB_TEST_POSTGRES, which BudgetWeb.Tests/run.sh sets to a
/// throw-away cluster it starts. Without it the PostgreSQL tests fail (they are never skipped).
/// Each test database is a copy of one template migrated once per run: copying takes a fraction of a second,
/// migrating several seconds. The template itself is made by the app's own start-up code (MigrateOnStartup).
/// </summary>
public static class TestPostgres
{
    public const string Variable = "BUDGETWEB_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static string ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{Variable} is not set. Run BudgetWeb.Tests/run.sh, which starts a throw-away PostgreSQL cluster, or point {Variable} at a server where the tests may create and drop databases.");

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    /// <summary>The app's command-line settings (<c>--Key=Value</c>) that put a process on <paramref name="database"/>.</summary>
    public static string[] AppSettings(string database) =>
        ["--Database:Provider=PostgreSql", $"--ConnectionStrings:PostgreSql={ConnectionString(database)}"];

    public static string NewDatabaseName(string purpose) => $"budgetweb_{purpose}_{Guid.NewGuid():N}";

    /// <summary>A new, migrated database of its own.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var template = await Template.Value;
        var name = NewDatabaseName("test");
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = NewDatabaseName("template");
        var services = new ServiceCollection();
        TestDatabase.Register(services, TestDatabase.NewFolder(), postgresDatabase: name);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.PrepareDatabaseAsync();
        }

        await using (var connection = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(connection); // a template can't be copied while anyone is connected to it
        }

        // On a throw-away cluster this is moot; on a server of your own it keeps the template from piling up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropDatabaseAsync(name).GetAwaiter().GetResult();
        return name;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
