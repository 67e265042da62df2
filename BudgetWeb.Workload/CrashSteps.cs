using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Features.Undo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Workload;

/// <summary>
/// What one step is about to do, written (flushed) before it runs. After a kill, the last intent tells the checker
/// which operation may have been in flight and what its effects would be.
/// </summary>
public sealed record Intent(Guid Key, string Step, string UserId, int? CategoryId = null, int? OtherCategoryId = null, DateOnly? Month = null,
    long? Cents = null, long? Before = null, long? ExpenseId = null, long? BatchId = null, string? Tag = null);

/// <summary>An intent and the call that carries it out through the app's services.</summary>
public sealed record PlannedStep(Intent Intent, Func<Task<Result>> RunAsync);

/// <summary>
/// One kind of operation in the crash workload. <see cref="PlanAsync"/> picks its arguments from the current data
/// (null: nothing to act on now); <see cref="AppliedAsync"/> says whether all of its effects are in the database (true),
/// none are (false), or only some (null: a half-applied operation, which must never be seen).
/// </summary>
public sealed record CrashStep(
    string Name,
    int Weight,
    Func<StepContext, Intent, Task<PlannedStep?>> PlanAsync,
    Func<BudgetDbContext, Intent, Task<bool?>> AppliedAsync);

/// <summary>The worker's view while planning a step: the random stream, the services, the household, a user's scope.</summary>
public sealed class StepContext(Random random, WorkloadServices app, Household household, AsyncServiceScope scope, WorkloadUser user)
{
    public Random Random { get; } = random;
    public WorkloadServices App { get; } = app;
    public Household Household { get; } = household;
    public WorkloadUser User { get; } = user;

    public T Service<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public DateOnly PickMonth() => new(2026, Random.Next(1, 5), 1);

    public decimal Money(long minCents, long maxCents) => Random.NextInt64(minCents, maxCents + 1) / 100m;

    /// <summary>
    /// How much of this month's budget can leave it without leaving this or a later month short (carry-over): the
    /// month's allocation, and no more than any month from it on has available. Steps stay within it, so none is refused.
    /// </summary>
    public async Task<long> MovableCentsAsync(BudgetDbContext db, int categoryId, DateOnly month)
    {
        var months = await CarryOverQuery.BalancesAsync(db, User.Id, categoryId, month, null, CancellationToken.None);
        var allocated = months.FirstOrDefault(m => m.Month == month)?.AllocatedCents ?? 0;
        return months.Count == 0 ? 0 : Math.Max(0, Math.Min(allocated, months.Min(m => m.AvailableCents)));
    }

    public async Task<List<int>> CategoriesAsync()
    {
        await using var db = await App.Factory.CreateDbContextAsync();
        return await db.Categories.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }
}

/// <summary>
/// The operations the crash test kills the worker in the middle of. To cover another operation (undo, once it
/// exists), add a step here: how to plan it, and how to tell from the database whether it happened.
/// </summary>
public static class CrashSteps
{
    public const string ExtraPrefix = "Extra ";

    public static readonly IReadOnlyList<CrashStep> All =
    [
        new("set-budget", 3, PlanSetBudgetAsync, async (db, i) =>
        {
            var amount = await db.BudgetAllocations.Where(a => a.UserId == i.UserId && a.CategoryId == i.CategoryId && a.Month == i.Month)
                .Select(a => (long?)a.AmountCents).FirstOrDefaultAsync() ?? 0;
            return amount == i.Cents ? true : amount == i.Before ? false : null;
        }),
        new("add-expense", 4, PlanAddExpenseAsync, async (db, i) => await db.Expenses.AnyAsync(e => e.Description == i.Tag)),
        new("transfer", 4, PlanTransferAsync, async (db, i) => await db.Transfers.AnyAsync(t => t.Note == i.Tag)),
        new("import", 2, PlanImportAsync, async (db, i) =>
        {
            var batch = await db.ImportBatches.Where(b => b.FileName == i.Tag + ".csv").Select(b => (int?)b.ImportedRows).FirstOrDefaultAsync();
            var rows = await db.Expenses.CountAsync(e => e.Description.StartsWith(i.Tag!));
            return batch is { } imported ? (rows == imported ? true : null) : (rows == 0 ? false : null);
        }),
        new("split", 2, PlanSplitAsync, async (db, i) => !await db.Expenses.AnyAsync(e => e.Id == i.ExpenseId)),
        new("delete-all", 1, PlanDeleteAllAsync, async (db, i) => await CountAppliedAsync(db, i)),
        new("move-expenses", 1, PlanMoveAsync, async (db, i) => await CountAppliedAsync(db, i)),
        new("create-category", 1, PlanCreateCategoryAsync, async (db, i) => await db.Categories.AnyAsync(c => c.Name == i.Tag)),
        new("merge", 1, PlanMergeAsync, async (db, i) => !await db.Categories.AnyAsync(c => c.Id == i.CategoryId)),
        // "Revert this import" is the undo of the import: the batch and its rows go together, or neither.
        new("revert-import", 1, PlanRevertAsync, async (db, i) =>
            (await db.ImportBatches.AnyAsync(b => b.Id == i.BatchId), await db.Expenses.AnyAsync(e => e.ImportBatchId == i.BatchId)) switch
            {
                (false, false) => true,
                (true, _) when await db.Expenses.CountAsync(e => e.ImportBatchId == i.BatchId) == i.Before => false,
                _ => null,
            }),
    ];

    public static CrashStep Named(string name) => All.Single(s => s.Name == name);

    private static async Task<PlannedStep?> PlanSetBudgetAsync(StepContext c, Intent intent)
    {
        var category = c.Pick(await c.CategoriesAsync());
        var month = c.PickMonth();
        await using var db = await c.App.Factory.CreateDbContextAsync();
        var before = await db.BudgetAllocations.Where(a => a.UserId == c.User.Id && a.CategoryId == category && a.Month == month)
            .Select(a => (long?)a.AmountCents).FirstOrDefaultAsync() ?? 0;
        var cents = c.Random.NextInt64(Math.Max(1, before - await c.MovableCentsAsync(db, category, month)), before + 100_000);
        if (cents == before)
        {
            return null;
        }

        var input = new BudgetInput { CategoryId = category, Month = month, Amount = cents / 100m };
        return new(intent with { CategoryId = category, Month = month, Cents = cents, Before = before },
            () => c.Service<BudgetService>().SetAsync(input, intent.Key));
    }

    private static async Task<PlannedStep?> PlanAddExpenseAsync(StepContext c, Intent intent)
    {
        var input = new ExpenseInput
        {
            Date = c.PickMonth().AddDays(c.Random.Next(28)).ToDateTime(TimeOnly.MinValue),
            Description = intent.Tag!,
            Amount = c.Money(1, 20_000),
            CategoryId = c.Pick(await c.CategoriesAsync()),
        };
        return new(intent with { CategoryId = input.CategoryId }, () => c.Service<ExpenseService>().AddAsync(input, intent.Key));
    }

    /// <summary>From a category and month that has money it can move (carry-over makes most random picks refusals).</summary>
    private static async Task<PlannedStep?> PlanTransferAsync(StepContext c, Intent intent)
    {
        var categories = await c.CategoriesAsync();
        await using var db = await c.App.Factory.CreateDbContextAsync();
        var sources = new List<(int Category, DateOnly Month, long Movable)>();
        foreach (var category in categories)
        {
            for (var m = 1; m <= 4; m++)
            {
                var month = new DateOnly(2026, m, 1);
                if (await c.MovableCentsAsync(db, category, month) is > 0 and var movable)
                {
                    sources.Add((category, month, movable));
                }
            }
        }

        if (sources.Count == 0 || categories.Count < 2)
        {
            return null;
        }

        var (from, fromMonth, available) = c.Pick(sources);
        var to = c.Pick(categories.Where(id => id != from).ToList());
        var input = new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = fromMonth.ToDateTime(TimeOnly.MinValue), Amount = c.Money(1, Math.Min(available, 50_000)), Note = intent.Tag };
        return new(intent with { CategoryId = from, OtherCategoryId = to, Month = fromMonth }, () => c.Service<TransferService>().MoveAsync(input, intent.Key));
    }

    /// <summary>A file with some rows that can't be imported (bad amount, bad date) and some naming a category that doesn't exist yet.</summary>
    private static async Task<PlannedStep?> PlanImportAsync(StepContext c, Intent intent)
    {
        await using var db = await c.App.Factory.CreateDbContextAsync();
        var names = await db.Categories.Select(c => c.Name).ToListAsync();
        var csv = new StringBuilder("Date,Description,Amount,Category\n");
        var rows = c.Random.Next(20, 400);
        for (var row = 0; row < rows; row++)
        {
            var date = c.PickMonth().AddDays(c.Random.Next(28)).ToString("yyyy-MM-dd");
            var amount = c.Money(1, 30_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var category = c.Random.Next(20) == 0 ? $"New {intent.Tag![..10]}" : c.Pick(names);
            (date, amount) = c.Random.Next(10) switch
            {
                0 => (date, "abc"),
                1 => ("31/02/2026", amount),
                _ => (date, amount),
            };
            csv.Append($"{date},{intent.Tag}-{row},{amount},{category}\n");
        }

        var options = new ImportOptions(CreateMissingCategories: c.Random.Next(2) == 0);
        var preview = await c.Service<ImportService>().PreviewAsync(Encoding.UTF8.GetBytes(csv.ToString()), intent.Tag + ".csv", options);
        if (!preview.Succeeded || !preview.Value!.Rows.Any(preview.Value.WouldImport))
        {
            return null;
        }

        return new(intent, async () => (await c.Service<ImportService>().ImportAsync(preview.Value, ImportMode.ValidRows, intent.Key)).Result);
    }

    private static async Task<PlannedStep?> PlanSplitAsync(StepContext c, Intent intent)
    {
        await using var db = await c.App.Factory.CreateDbContextAsync();
        var candidates = await db.Expenses.Where(e => e.UserId == c.User.Id && e.AmountCents >= 3).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Version, e.AmountCents }).Take(200).ToListAsync();
        if (candidates.Count == 0)
        {
            return null;
        }

        var original = c.Pick(candidates);
        var categories = await c.CategoriesAsync();
        var first = c.Random.NextInt64(1, original.AmountCents - 1);
        var second = c.Random.NextInt64(1, original.AmountCents - first);
        long[] parts = c.Random.Next(2) == 0 || original.AmountCents - first - second < 1
            ? [first, original.AmountCents - first]
            : [first, second, original.AmountCents - first - second];
        var input = new SplitInput
        {
            OriginalAmount = original.AmountCents / 100m,
            Parts = parts.Select(p => new SplitPartInput { Amount = p / 100m, CategoryId = c.Pick(categories) }).ToList(),
        };
        return new(intent with { ExpenseId = original.Id }, () => c.Service<ExpenseService>().SplitAsync(original.Id, original.Version, input, intent.Key));
    }

    private static async Task<PlannedStep?> PlanDeleteAllAsync(StepContext c, Intent intent)
    {
        var (category, month) = (c.Pick(await c.CategoriesAsync()), c.PickMonth());
        var preview = await c.Service<ExpenseService>().PreviewDeleteAllAsync(category, month);
        if (!preview.Succeeded || preview.Value!.Count == 0)
        {
            return null;
        }

        return new(intent with { CategoryId = category, Month = month, Before = preview.Value.Count },
            () => c.Service<ExpenseService>().DeleteAllInCategoryAsync(preview.Value, intent.Key));
    }

    private static async Task<PlannedStep?> PlanMoveAsync(StepContext c, Intent intent)
    {
        var categories = await c.CategoriesAsync();
        var (from, to, month) = (c.Pick(categories), c.Pick(categories), c.PickMonth());
        var count = await CountAsync(c.App, c.User.Id, from, month);
        if (from == to || count == 0)
        {
            return null;
        }

        var input = new MoveExpensesInput { FromCategoryId = from, ToCategoryId = to, Month = month.ToDateTime(TimeOnly.MinValue) };
        return new(intent with { CategoryId = from, OtherCategoryId = to, Month = month, Before = count }, () => c.Service<ExpenseService>().MoveToCategoryAsync(input, intent.Key));
    }

    private static Task<PlannedStep?> PlanCreateCategoryAsync(StepContext c, Intent intent)
    {
        var name = ExtraPrefix + intent.Tag![..12];
        return Task.FromResult<PlannedStep?>(new(intent with { Tag = name }, () => c.Service<CategoryService>().CreateAsync(new CategoryInput { Name = name }, intent.Key)));
    }

    /// <summary>An extra category (never one of the household's own) folded into one of the household's.</summary>
    private static async Task<PlannedStep?> PlanMergeAsync(StepContext c, Intent intent)
    {
        await using var db = await c.App.Factory.CreateDbContextAsync();
        var extras = await db.Categories.Where(x => x.Name.StartsWith(ExtraPrefix)).OrderBy(x => x.Id).Select(x => x.Id).ToListAsync();
        if (!c.User.IsAdmin || extras.Count == 0)
        {
            return null;
        }

        var (source, target) = (c.Pick(extras), c.Pick(c.Household.Categories.Values.ToList()));
        var preview = await c.Service<CategoryMerge>().PreviewAsync(source, target);
        return preview.Succeeded
            ? new(intent with { CategoryId = source, OtherCategoryId = target }, () => c.Service<CategoryMerge>().MergeAsync(preview.Value!, intent.Key))
            : null;
    }

    /// <summary>An import none of whose rows changed since (an undo of one that did is refused, and this stream expects none).</summary>
    private static async Task<PlannedStep?> PlanRevertAsync(StepContext c, Intent intent)
    {
        await using var db = await c.App.Factory.CreateDbContextAsync();
        var batches = await db.ImportBatches.Where(b => b.UserId == c.User.Id && b.Status == ImportBatchStatus.Imported).OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.ImportedRows, Details = db.Operations.Where(o => o.Id == b.OperationId).Select(o => o.Details).First() })
            .ToListAsync();
        var untouched = new List<(long Id, int Rows)>();
        foreach (var batch in batches)
        {
            var version = System.Text.Json.JsonDocument.Parse(batch.Details).RootElement.GetProperty("Version").GetGuid();
            var rows = db.Expenses.Where(e => e.ImportBatchId == batch.Id);
            if (await rows.CountAsync(e => e.Version == version) == batch.ImportedRows && !await rows.AnyAsync(e => e.Version != version))
            {
                untouched.Add((batch.Id, batch.ImportedRows));
            }
        }

        if (untouched.Count == 0)
        {
            return null;
        }

        var (id, count) = c.Pick(untouched);
        return new(intent with { BatchId = id, Before = count }, () => c.Service<UndoService>().UndoImportAsync(id, intent.Key));
    }

    /// <summary>For steps that remove every expense of a category and month: none left (applied), all left (not applied).</summary>
    private static async Task<bool?> CountAppliedAsync(BudgetDbContext db, Intent i)
    {
        var count = await CountAsync(db, i.UserId, i.CategoryId!.Value, i.Month!.Value);
        return count == 0 ? true : count == i.Before ? false : null;
    }

    private static async Task<int> CountAsync(WorkloadServices app, string userId, int categoryId, DateOnly month)
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        return await CountAsync(db, userId, categoryId, month);
    }

    private static Task<int> CountAsync(BudgetDbContext db, string userId, int categoryId, DateOnly month)
    {
        var next = month.AddMonths(1);
        return db.Expenses.CountAsync(e => e.UserId == userId && e.CategoryId == categoryId && e.Date >= month && e.Date < next);
    }
}
