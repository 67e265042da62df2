using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Reliability;

/// <summary>Many people moving budget at once, on a real SQLite file: nothing is created, lost or overdrawn.</summary>
public abstract class TransferRaceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    [Fact]
    public async Task Eight_workers_making_random_transfers_never_overdraw_and_never_lose_money()
    {
        const int workers = 8, transfersEach = 250;
        var categories = new List<int> { Food, Rent, Fun, await Database.CreateCategoryAsync("Travel"), await Database.CreateCategoryAsync("Gifts") };
        await using (var db = Database.CreateDbContext())
        {
            db.BudgetAllocations.AddRange(categories.Select(c => new BudgetAllocation { UserId = Alice.Id, CategoryId = c, Month = March2026, AmountCents = 10_000 }));
            await db.SaveChangesAsync();
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var transfers = Database.ServiceFor<TransferService>(Alice);
            var results = new List<Result>();
            for (var i = 0; i < transfersEach; i++)
            {
                var from = categories[random.Next(categories.Count)];
                var to = categories.Where(c => c != from).ElementAt(random.Next(categories.Count - 1));
                results.Add(await transfers.MoveAsync(
                    new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = new DateTime(2026, 3, 1), Amount = random.Next(1, 6_000) / 100m },
                    Guid.NewGuid()));
            }

            return results;
        })));

        var all = outcomes.SelectMany(r => r).ToList();
        var successes = all.Count(r => r.Succeeded);
        Assert.All(all.Where(r => !r.Succeeded), r => Assert.Equal(FailureKind.InsufficientFunds, r.Failure)); // never "busy" or "locked"
        Assert.NotEqual(0, successes); // every category starts with more than the largest transfer, so the first to commit succeeds
        await using var check = Database.CreateDbContext();
        var allocations = await check.BudgetAllocations.Where(a => a.UserId == Alice.Id && a.Month == March2026).Select(a => a.AmountCents).ToListAsync();
        Assert.Equal(50_000, allocations.Sum());
        Assert.All(allocations, amount => Assert.True(amount >= 0, $"overdrawn: {amount}"));
        Assert.Equal(successes, await check.Transfers.CountAsync());
        Assert.Equal(2 * successes, await check.BudgetJournal.CountAsync(j => j.Kind == JournalEntryKind.TransferOut || j.Kind == JournalEntryKind.TransferIn));
        var journalSums = await check.BudgetJournal.GroupBy(j => j.AllocationId).Select(g => g.Sum(j => j.DeltaCents)).ToListAsync();
        Assert.Equal(0, journalSums.Sum()); // every debit has its credit
    }
}

public sealed class TransferRaceTestsOnSqlite() : TransferRaceTests(DatabaseProvider.Sqlite);

public sealed class TransferRaceTestsOnPostgreSql() : TransferRaceTests(DatabaseProvider.PostgreSql);
