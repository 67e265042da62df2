using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetWeb.Tests.Data;

/// <summary>The PostgreSQL migration set, applied by the app's start-up code to a live server, and its error codes.</summary>
public sealed class PostgreSqlTests
{
    [Fact]
    public async Task Migrations_apply_at_start_up_and_match_the_model()
    {
        var name = TestPostgres.NewDatabaseName("migrations");
        var services = new ServiceCollection();
        TestDatabase.Register(services, TestDatabase.NewFolder(), postgresDatabase: name);
        try
        {
            await using var provider = services.BuildServiceProvider();
            await provider.PrepareDatabaseAsync(); // Database:MigrateOnStartup = true creates and migrates it
            await using var db = await provider.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync();

            Assert.IsType<PostgreSqlBudgetDbContext>(db);
            Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context PostgreSqlBudgetDbContext --output-dir Data/Migrations/PostgreSql -- --Database:Provider=PostgreSql");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(["pg_trgm"], await db.Database.SqlQuery<string>($"SELECT extname AS \"Value\" FROM pg_extension WHERE extname = 'pg_trgm'").ToListAsync());
            var checks = await db.Database.SqlQuery<string>($"SELECT conname AS \"Value\" FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0 ORDER BY conname").ToListAsync();
            Assert.Equal(["CK_BudgetAllocations_Amount_NotNegative", "CK_Expenses_Amount_NotZero", "CK_Transfers_Amount_Positive", "CK_Transfers_Categories_Differ"], checks);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, DatabaseErrorKind.Unique)]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, DatabaseErrorKind.ForeignKey)]
    [InlineData(PostgresErrorCodes.CheckViolation, DatabaseErrorKind.Check)]
    [InlineData(PostgresErrorCodes.SerializationFailure, DatabaseErrorKind.Busy)]
    [InlineData(PostgresErrorCodes.DeadlockDetected, DatabaseErrorKind.Busy)]
    [InlineData(PostgresErrorCodes.AdminShutdown, DatabaseErrorKind.Busy)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, DatabaseErrorKind.Busy)]
    [InlineData(PostgresErrorCodes.SyntaxError, DatabaseErrorKind.Unknown)]
    public void Each_SQLSTATE_reaches_the_user_as_the_same_kind_as_on_the_other_providers(string sqlState, DatabaseErrorKind kind)
    {
        var error = new DbUpdateException("Saving failed", new PostgresException("refused", "ERROR", "ERROR", sqlState));

        Assert.Equal(kind, DatabaseErrorClassifier.Classify(error));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_gets_the_busy_message()
    {
        // Nothing listens on port 1: the connection is refused, as when the server is down.
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
            await connection.OpenAsync();
        });

        Assert.Equal(DatabaseErrorKind.Busy, DatabaseErrorClassifier.Classify(error));
    }
}
