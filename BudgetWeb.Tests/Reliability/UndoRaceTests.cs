using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Reliability;

/// <summary>Eight workers undoing and redoing one user's operations at once, on a real SQLite file.</summary>
public abstract class UndoRaceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    [Fact]
    public async Task Eight_workers_undoing_and_redoing_keep_every_invariant_and_undo_each_operation_at_most_once()
    {
        const int workers = 8, attemptsEach = 40;
        foreach (var category in new[] { Food, Rent, Fun })
        {
            Assert.True((await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = category, Month = March2026, Amount = 100m }, Guid.NewGuid())).Succeeded);
        }

        var random = new Random(9);
        for (var i = 0; i < 20; i++)
        {
            var (from, to) = (new[] { Food, Rent, Fun }[random.Next(3)], new[] { Food, Rent, Fun }[random.Next(3)]);
            if (from != to)
            {
                await As<TransferService>(Alice).MoveAsync(new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = new DateTime(2026, 3, 1), Amount = random.Next(1, 4_000) / 100m }, Guid.NewGuid());
            }

            await As<ExpenseService>(Alice).AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 1 + i), Description = $"Item {i}", Amount = random.Next(1, 3_000) / 100m, CategoryId = from }, Guid.NewGuid());
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var rng = new Random(worker);
            var undo = Database.ServiceFor<UndoService>(Alice);
            var results = new List<Result>();
            for (var i = 0; i < attemptsEach; i++)
            {
                await using var db = Database.CreateDbContext();
                var open = await db.Operations.Where(o => o.UserId == Alice.Id && o.UndoneById == null && o.Kind != OperationKind.AccountRegistered).Select(o => o.Id).ToListAsync();
                results.Add(await undo.UndoAsync(open[rng.Next(open.Count)], Guid.NewGuid()));
            }

            return results;
        })));

        var failures = outcomes.SelectMany(r => r).Where(r => !r.Succeeded).ToList();
        Assert.All(failures, f => Assert.Contains(f.Failure, new FailureKind?[] { FailureKind.Conflict, FailureKind.InsufficientFunds }));
        Assert.Contains(outcomes.SelectMany(r => r), r => r.Succeeded);

        await using var check = Database.CreateDbContext();
        var allocations = await check.BudgetAllocations.Select(a => new { a.AmountCents, Journal = a.Journal.Sum(j => j.DeltaCents) }).ToListAsync();
        Assert.All(allocations, a => Assert.Equal(a.Journal, a.AmountCents));
        Assert.All(allocations, a => Assert.True(a.AmountCents >= 0, $"negative: {a.AmountCents}"));
        var undos = await check.Operations.Where(o => o.UndoOfId != null).Select(o => o.UndoOfId).ToListAsync();
        Assert.Equal(undos.Count, undos.Distinct().Count()); // each operation undone at most once
        var marked = await check.Operations.CountAsync(o => o.UndoneById != null);
        Assert.Equal(undos.Count, marked);
        Assert.Equal(await check.Transfers.CountAsync(),
            await check.Operations.CountAsync(o => o.Kind == OperationKind.BudgetTransferred) - await TransfersUndoneAsync(check));
    }

    /// <summary>Transfers whose chain currently ends in an undo: an odd number of undos after the original.</summary>
    private static async Task<int> TransfersUndoneAsync(BudgetWeb.Data.BudgetDbContext db)
    {
        var operations = await db.Operations.AsNoTracking().ToDictionaryAsync(o => o.Id);
        return operations.Values.Count(o => o.Kind == OperationKind.BudgetTransferred && ChainLength(operations, o) % 2 == 1);
    }

    private static int ChainLength(Dictionary<long, Operation> operations, Operation operation)
    {
        var length = 0;
        while (operation.UndoneById is { } next)
        {
            operation = operations[next];
            length++;
        }

        return length;
    }
}

public sealed class UndoRaceTestsOnSqlite() : UndoRaceTests(DatabaseProvider.Sqlite);

public sealed class UndoRaceTestsOnPostgreSql() : UndoRaceTests(DatabaseProvider.PostgreSql);
