using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Carry-over's window-function statement against the plain month-by-month walk, on seeded random households: all
/// three settings changed at random months (several per category), quiet stretches, overspending, refunds, months with
/// only a setting in them. The hand-worked cases live in <see cref="CarryOverTests"/>; this covers the combinations
/// nobody thinks of, on both providers, because the statement's reasoning about stretches is subtle.
/// </summary>
public abstract class CarryOverFuzzTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateOnly Start = new(2025, 1, 1);

    [Fact]
    public async Task Random_households_get_the_figures_of_a_month_by_month_walk_from_any_month_on()
    {
        for (var seed = 1; seed <= 25; seed++)
        {
            var random = new Random(seed);
            var walks = await SeedHouseholdAsync(random);
            await using var db = Database.CreateDbContext();

            // From the first month: every user, category and month the statement shows, and every month with anything in it.
            var outcome = await CarriedBalances.MatchRecountAsync(db, CancellationToken.None);
            Assert.True(outcome.Count == 0, $"seed {seed}: {string.Join(Environment.NewLine, outcome.Examples)}");

            // From a later month, as the Summary and the transfer's check ask: the same figures, and a row for every category.
            var from = Start.AddMonths(random.Next(0, 30));
            var rows = await CarryOverQuery.BalancesAsync(db, Alice.Id, null, from, null, CancellationToken.None);
            Assert.Equal([Food, Rent, Fun], rows.Where(r => r.Month == from).Select(r => r.CategoryId).Order());
            foreach (var row in rows)
            {
                var walk = walks[row.CategoryId];
                var expected = walk.FirstMonth is { } first && first <= row.Month
                    ? walk.Months(row.Month).Last()
                    : (row.Month, CarriedInCents: 0L, AvailableCents: 0L);
                Assert.True((expected.CarriedInCents, expected.AvailableCents) == (row.CarriedInCents, row.AvailableCents),
                    $"seed {seed}, from {from:yyyy-MM}: {row} but the walk gives carried in {expected.CarriedInCents}, available {expected.AvailableCents}");
            }
        }
    }

    /// <summary>Replaces Alice's allocations, expenses and settings with random ones (Bob keeps some of his own); returns her walks.</summary>
    private async Task<Dictionary<int, CarryOverWalk>> SeedHouseholdAsync(Random random)
    {
        await using var db = Database.CreateDbContext();
        await db.Expenses.ExecuteDeleteAsync();
        await db.BudgetAllocations.ExecuteDeleteAsync();
        await db.CarryOverSettings.ExecuteDeleteAsync();

        var walks = new Dictionary<int, CarryOverWalk>();
        foreach (var category in new[] { Food, Rent, Fun })
        {
            var walk = walks[category] = new CarryOverWalk();
            foreach (var month in Months(random, random.Next(0, 14)))
            {
                if (random.Next(3) > 0)
                {
                    var cents = random.Next(0, 4) * 5_000L;
                    db.BudgetAllocations.Add(new BudgetAllocation { UserId = Alice.Id, CategoryId = category, Month = month, AmountCents = cents });
                    walk.Allocate(month, cents);
                }

                foreach (var _ in Enumerable.Range(0, random.Next(0, 3)))
                {
                    var cents = random.Next(10) == 0 ? -random.Next(1, 3_000) : random.Next(1, 12_000); // now and then a refund
                    db.Expenses.Add(new Expense { UserId = Alice.Id, CategoryId = category, Date = month.AddDays(random.Next(0, 28)), Description = "x", AmountCents = cents });
                    walk.Spend(month, cents);
                }
            }

            foreach (var month in Months(random, random.Next(0, 5)))
            {
                var mode = (CarryOverMode)random.Next(0, 3);
                db.CarryOverSettings.Add(new CarryOverSetting { UserId = Alice.Id, CategoryId = category, EffectiveMonth = month, Mode = mode });
                walk.Set(month, mode);
            }

            // Bob's money in the same categories must not reach Alice's figures.
            db.BudgetAllocations.Add(new BudgetAllocation { UserId = Bob.Id, CategoryId = category, Month = Start.AddMonths(random.Next(0, 30)), AmountCents = 70_000 });
        }

        await db.SaveChangesAsync();
        return walks;
    }

    private static IEnumerable<DateOnly> Months(Random random, int count) =>
        Enumerable.Range(0, 30).OrderBy(_ => random.Next()).Take(count).Select(Start.AddMonths);
}

public sealed class CarryOverFuzzTestsOnSqlite() : CarryOverFuzzTests(DatabaseProvider.Sqlite);

public sealed class CarryOverFuzzTestsOnPostgreSql() : CarryOverFuzzTests(DatabaseProvider.PostgreSql);
