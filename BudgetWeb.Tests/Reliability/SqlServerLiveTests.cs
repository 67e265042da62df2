using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Extensions;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Reliability;

/// <summary>The same pipeline on a real SQL Server: migrations apply, the runner commits, the translator reads SQL Server's numbers.</summary>
public sealed class SqlServerLiveTests
{
    [SqlServerFact]
    public async Task Migrations_apply_and_the_runner_commits_and_translates_on_SQL_Server()
    {
        var connection = new SqlConnectionStringBuilder(SqlServerFactAttribute.ConnectionString) { InitialCatalog = $"BudgetWebTest_{Guid.NewGuid():N}" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:SqlServer"] = connection.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBudgetDatabase();
        services.AddBudgetIdentityStores();
        services.AddBudgetFeatures();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IDbContextFactory<BudgetDbContext>>();

        try
        {
            await provider.PrepareDatabaseAsync();
            string userId;
            await using (var db = await factory.CreateDbContextAsync())
            {
                var user = new ApplicationUser { UserName = "alice@example.com", Email = "alice@example.com", RegisteredAt = DateTime.UtcNow };
                db.Users.Add(user);
                await db.SaveChangesAsync();
                userId = user.Id;
            }

            var runner = provider.GetRequiredService<TransactionRunner>();
            var created = await runner.RunAsync(OperationRequest.New(userId, OperationKind.CategoryCreated), async scope =>
            {
                scope.Db.Categories.Add(new Category("Food"));
                await scope.Db.SaveChangesAsync();
                return Result.Ok("Created Food.");
            });
            var duplicate = await runner.RunAsync(OperationRequest.New(userId, OperationKind.CategoryCreated), async scope =>
            {
                scope.Db.Categories.Add(new Category("FOOD"));
                await scope.Db.SaveChangesAsync();
                return Result.Ok("Created FOOD.");
            });

            Assert.True(created.Succeeded, created.Message);
            Assert.Equal("A category named 'FOOD' already exists.", duplicate.Message);
            await using var check = await factory.CreateDbContextAsync();
            Assert.Equal(1, await check.Categories.CountAsync());
            Assert.Equal(1, await check.Operations.CountAsync());

            // Carry-over's window functions on SQL Server: the figures CarryOverTests works out by hand on SQLite.
            var food = (await check.Categories.SingleAsync()).Id;
            check.BudgetAllocations.AddRange(
                new BudgetAllocation { UserId = userId, CategoryId = food, Month = new DateOnly(2026, 1, 1), AmountCents = 10_000 },
                new BudgetAllocation { UserId = userId, CategoryId = food, Month = new DateOnly(2026, 2, 1), AmountCents = 10_000 },
                new BudgetAllocation { UserId = userId, CategoryId = food, Month = new DateOnly(2026, 3, 1), AmountCents = 5_000 });
            check.Expenses.AddRange(
                new Expense { UserId = userId, CategoryId = food, Date = new DateOnly(2026, 1, 5), Description = "x", AmountCents = 6_000 },
                new Expense { UserId = userId, CategoryId = food, Date = new DateOnly(2026, 2, 28), Description = "x", AmountCents = 17_000 });
            check.CarryOverSettings.AddRange(
                new CarryOverSetting { UserId = userId, CategoryId = food, EffectiveMonth = new DateOnly(2026, 2, 1), Mode = CarryOverMode.UnspentAndOverspent },
                new CarryOverSetting { UserId = userId, CategoryId = food, EffectiveMonth = new DateOnly(2026, 4, 1), Mode = CarryOverMode.None });
            await check.SaveChangesAsync();
            var balances = await BudgetWeb.Features.Budgets.CarryOverQuery.BalancesAsync(check, userId, food, new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), default);
            Assert.Equal([(0L, 4_000L), (4_000, -3_000), (-3_000, 2_000), (0, 0)], balances.Select(b => (b.CarriedInCents, b.AvailableCents)));

            // The integrity checks are LINQ: they translate and hold on SQL Server too (the PRAGMA ones are SQLite's).
            var integrity = await provider.GetRequiredService<BudgetWeb.Features.Integrity.IntegrityCheck>().RunAsync();
            Assert.True(integrity.AllPassed, string.Join("\n", integrity.Checks));
            Assert.DoesNotContain(integrity.Checks, c => c.Name.StartsWith("SQLite"));
        }
        finally
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.EnsureDeletedAsync();
        }
    }
}
