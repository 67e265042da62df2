using System.Data.Common;
using System.Security.Claims;
using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Extensions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// A real database, migrated, with the app's own registrations on top (never the EF in-memory provider): a SQLite
/// file by default, or a database of its own on the live PostgreSQL server (<see cref="TestPostgres"/>).
/// Fault injectors sit in the pipeline but do nothing until armed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<AsyncServiceScope> _scopes = [];

    private TestDatabase(string folder, string? postgresDatabase, ServiceProvider services)
    {
        Folder = folder;
        PostgresDatabase = postgresDatabase;
        _services = services;
    }

    public string Folder { get; }

    /// <summary>The database's name on the PostgreSQL server; null on SQLite.</summary>
    public string? PostgresDatabase { get; }

    public DatabaseProvider Provider => PostgresDatabase is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;
    public IServiceProvider Services => _services;
    public FailingCommands FailingCommands => _services.GetRequiredService<FailingCommands>();
    public FailingCommit FailingCommit => _services.GetRequiredService<FailingCommit>();
    public string FilePath => Path.Combine(Folder, "budgetweb.db");

    /// <param name="configure">Registrations on top of the app's, e.g. options a test needs to change.</param>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, Action<IServiceCollection>? configure = null)
    {
        var folder = NewFolder();
        var postgresDatabase = provider == DatabaseProvider.PostgreSql ? await TestPostgres.CreateDatabaseAsync() : null;
        var services = new ServiceCollection();
        Register(services, folder, postgresDatabase);
        configure?.Invoke(services);
        services.AddScoped<TestAuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<TestAuthenticationStateProvider>());
        var serviceProvider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await serviceProvider.PrepareDatabaseAsync();
        return new TestDatabase(folder, postgresDatabase, serviceProvider);
    }

    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "budgetweb-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// What the app registers for its data and domain services, on a SQLite file in <paramref name="folder"/>, or on
    /// <paramref name="postgresDatabase"/> of the test PostgreSQL server (migrated at start-up, as MigrateOnStartup does).
    /// </summary>
    public static void Register(IServiceCollection services, string folder, string? postgresDatabase = null)
    {
        var settings = new Dictionary<string, string?> { ["Database:DataFolder"] = folder };
        var provider = DatabaseProvider.Sqlite;
        if (postgresDatabase is not null)
        {
            provider = DatabaseProvider.PostgreSql;
            settings["Database:Provider"] = provider.ToString();
            settings["Database:MigrateOnStartup"] = "true";
            settings["ConnectionStrings:PostgreSql"] = TestPostgres.ConnectionString(postgresDatabase);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new FailingCommands(provider));
        services.AddSingleton(new FailingCommit(provider));
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<FailingCommands>());
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<FailingCommit>());
        services.AddBudgetDatabase();
        services.AddBudgetIdentityStores();
        services.AddBudgetFeatures();
    }

    public BudgetDbContext CreateDbContext() => _services.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContext();

    /// <summary>A DI scope in which the signed-in user is <paramref name="user"/>, as a circuit would be.</summary>
    public AsyncServiceScope SignedInAs(TestUser user)
    {
        var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestAuthenticationStateProvider>().SignIn(user);
        return scope;
    }

    /// <summary>A service as <paramref name="user"/>'s circuit would get it; its scope lives as long as this database.</summary>
    public T ServiceFor<T>(TestUser user) where T : notnull
    {
        var scope = SignedInAs(user);
        _scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public async Task<int> CreateCategoryAsync(string name)
    {
        await using var db = CreateDbContext();
        var category = new BudgetWeb.Data.Entities.Category(name) { CreatedAt = DateTime.UtcNow };
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        return category.Id;
    }

    public async Task<TestUser> CreateUserAsync(string email, bool admin = false)
    {
        await using var db = CreateDbContext();
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString(),
            RegisteredAt = DateTime.UtcNow,
        };
        db.Users.Add(user);
        if (admin)
        {
            db.UserRoles.Add(new() { UserId = user.Id, RoleId = Roles.AdminRoleId });
        }

        await db.SaveChangesAsync();
        return new TestUser(user.Id, email, admin);
    }

    /// <summary>
    /// Every row of every table, in a stable order, as text. Comparing two snapshots proves that an operation
    /// that failed changed nothing at all, not just the rows a test thought to look at.
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        await using DbConnection connection = PostgresDatabase is null
            ? new SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(TestPostgres.ConnectionString(PostgresDatabase));
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            // The full-text index is derived from Expenses by triggers; the integrity check "The search index holds every expense" checks it.
            list.CommandText = PostgresDatabase is null
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' AND name <> 'ExpenseSearch' AND name NOT GLOB 'ExpenseSearch_*' ORDER BY name"
                : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY tablename";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (PostgresDatabase is null)
        {
            tables.Insert(0, "sqlite_master");
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            text.Append("## ").AppendLine(table);
            await using var select = connection.CreateCommand();
            // PostgreSQL has no rowid: each row as one text value, sorted, is just as stable.
            select.CommandText = PostgresDatabase is not null ? $"SELECT t::text FROM \"{table}\" t ORDER BY 1"
                // SQLite's schema too: an import takes triggers off inside its transaction (ExpenseBulkFill), so a failure must leave them as they were.
                : table == "sqlite_master" ? "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
                : $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>Runs <paramref name="operation"/> and proves it failed with exactly this message and changed no row anywhere.</summary>
    public async Task<Result> AssertFailsAndChangesNothingAsync(Func<Task<Result>> operation, FailureKind failure, string message)
    {
        var before = await SnapshotAsync();

        var result = await operation();

        Assert.False(result.Succeeded, $"Expected a failure, got: {result.Message}");
        Assert.Equal(message, result.Message);
        Assert.Equal(failure, result.Failure);
        Assert.Equal(before, await SnapshotAsync());
        return result;
    }

    /// <summary>The same for an import, whose report comes back for further checks.</summary>
    public async Task<BudgetWeb.Features.Import.ImportResult> AssertImportChangesNothingAsync(Func<Task<BudgetWeb.Features.Import.ImportResult>> import)
    {
        var before = await SnapshotAsync();
        var outcome = await import();
        Assert.False(outcome.Result.Succeeded, $"Expected a failure, got: {outcome.Result.Message}");
        Assert.Equal(before, await SnapshotAsync());
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (PostgresDatabase is not null)
        {
            await TestPostgres.DropDatabaseAsync(PostgresDatabase);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

public sealed record TestUser(string Id, string Email, bool IsAdmin = false)
{
    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, Id), new(ClaimTypes.Name, Email) };
        if (IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Admin));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }
}

public sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    public void SignIn(TestUser user)
    {
        _user = user.ToPrincipal();
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
}
