using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Integrity;

/// <summary>One invariant: a name a person understands, and a query that finds the rows breaking it.</summary>
public sealed record IntegrityRule(string Name, Func<BudgetDbContext, CancellationToken, Task<Offenders>> FindAsync, Func<BudgetDbContext, bool>? AppliesTo = null)
{
    public bool Applies(BudgetDbContext db) => AppliesTo?.Invoke(db) ?? true;
}

/// <summary>How many rows break a rule, and a description of the first few.</summary>
public sealed record Offenders(int Count, IReadOnlyList<string> Examples)
{
    public static readonly Offenders None = new(0, []);

    public void Deconstruct(out int count, out IReadOnlyList<string> examples) => (count, examples) = (Count, Examples);

    public static Offenders Of(IReadOnlyCollection<string> all) => new(all.Count, all.Take(IntegrityRules.ExampleCount).ToList());

    public Offenders Plus(Offenders other) => new(Count + other.Count, Examples.Concat(other.Examples).Take(IntegrityRules.ExampleCount).ToList());
}

/// <summary>
/// The invariants BudgetWeb promises, each run as a query in the database (LINQ, so it runs on every provider).
/// To add one, append a rule to <see cref="All"/>.
/// </summary>
public static class IntegrityRules
{
    public const int ExampleCount = 5;

    public static readonly IReadOnlyList<IntegrityRule> All =
    [
        new("Every budget equals the sum of its journal", BudgetsMatchJournalsAsync),
        new("No budget is negative", (db, ct) => FindAsync(
            db.BudgetAllocations.Where(a => a.AmountCents < 0).OrderBy(a => a.Id)
                .Select(a => new { Budget = a.Id, a.UserId, a.CategoryId, a.Month, a.AmountCents }), ct)),
        new("Every transfer has its debit and credit", TransfersHaveBothSidesAsync),
        new("Transfer debits and credits cancel out", (db, ct) => FindAsync(
            db.BudgetJournal.Where(j => j.Kind == JournalEntryKind.TransferOut || j.Kind == JournalEntryKind.TransferIn)
                .GroupBy(j => j.OperationId)
                .Select(g => new { Operation = g.Key, NetCents = g.Sum(j => j.DeltaCents) })
                .Where(x => x.NetCents != 0).OrderBy(x => x.Operation), ct)),
        new("Every row points at an existing user", PointAtUsersAsync),
        new("Every row points at an existing category", PointAtCategoriesAsync),
        new("Every journal entry points at its budget and operation", (db, ct) => FindAsync(
            db.BudgetJournal.Where(j => !db.BudgetAllocations.Any(a => a.Id == j.AllocationId) || !db.Operations.Any(o => o.Id == j.OperationId))
                .OrderBy(j => j.Id).Select(j => new { JournalEntry = j.Id, Budget = j.AllocationId, Operation = j.OperationId }), ct)),
        new("Every split adds up to what it recorded", ExpenseLedger.SplitsAddUpAsync),
        new("Carried-in and available amounts equal a month-by-month recount", CarriedBalances.MatchRecountAsync),
        new("Every import batch holds exactly the rows it reported", ExpenseLedger.ImportBatchesWholeAsync),
        new("Monthly totals equal the expenses", MonthTotalsRule.MatchExpensesAsync),
        new("Every undone operation has its undo", (db, ct) => FindAsync(
            db.Operations.Where(o => (o.UndoneById != null || o.UndoneAt != null)
                    && !db.Operations.Any(u => u.Id == o.UndoneById && u.Kind == OperationKind.Undo && u.UndoOfId == o.Id))
                .OrderBy(o => o.Id).Select(o => new { Operation = o.Id, o.Kind, UndoneBy = o.UndoneById }), ct)),
        new("The search index holds every expense", SearchIndexMatchesAsync, db => db.Database.IsSqlite()),
        new("SQLite integrity_check", (db, ct) => PragmaAsync(db, "PRAGMA integrity_check", ok: "ok", ct), db => db.Database.IsSqlite()),
        new("SQLite foreign_key_check", (db, ct) => PragmaAsync(db, "PRAGMA foreign_key_check", ok: null, ct), db => db.Database.IsSqlite()),
    ];

    /// <summary>Counts the rows of <paramref name="offenders"/> and describes the first few (the query must be ordered).</summary>
    public static async Task<Offenders> FindAsync<T>(IQueryable<T> offenders, CancellationToken cancellationToken)
    {
        var count = await offenders.CountAsync(cancellationToken);
        if (count == 0)
        {
            return Offenders.None;
        }

        var first = await offenders.Take(ExampleCount).ToListAsync(cancellationToken);
        return new Offenders(count, first.Select(row => row!.ToString()!).ToList());
    }

    private static Task<Offenders> BudgetsMatchJournalsAsync(BudgetDbContext db, CancellationToken ct) => FindAsync(
        db.BudgetAllocations
            .Select(a => new { Budget = a.Id, a.UserId, a.CategoryId, a.Month, a.AmountCents, JournalCents = db.BudgetJournal.Where(j => j.AllocationId == a.Id).Sum(j => (long?)j.DeltaCents) ?? 0 })
            .Where(x => x.AmountCents != x.JournalCents).OrderBy(x => x.Budget), ct);

    /// <summary>The debit from From and the credit to To, in the same user's budgets of that month, written by the transfer's own operation.</summary>
    private static Task<Offenders> TransfersHaveBothSidesAsync(BudgetDbContext db, CancellationToken ct) => FindAsync(
        db.Transfers
            .Where(t => !db.BudgetJournal.Any(j => j.OperationId == t.OperationId && j.Kind == JournalEntryKind.TransferOut && j.DeltaCents == -t.AmountCents
                    && j.Allocation!.UserId == t.UserId && j.Allocation.CategoryId == t.FromCategoryId && j.Allocation.Month == t.Month)
                || !db.BudgetJournal.Any(j => j.OperationId == t.OperationId && j.Kind == JournalEntryKind.TransferIn && j.DeltaCents == t.AmountCents
                    && j.Allocation!.UserId == t.UserId && j.Allocation.CategoryId == t.ToCategoryId && j.Allocation.Month == t.Month))
            .OrderBy(t => t.Id)
            .Select(t => new { Transfer = t.Id, t.UserId, t.FromCategoryId, t.ToCategoryId, t.Month, t.AmountCents }), ct);

    private static async Task<Offenders> PointAtUsersAsync(BudgetDbContext db, CancellationToken ct)
    {
        var users = db.Users;
        return (await FindAsync(db.Expenses.Where(e => !users.Any(u => u.Id == e.UserId)).OrderBy(e => e.Id).Select(e => new { Expense = e.Id, e.UserId }), ct))
            .Plus(await FindAsync(db.BudgetAllocations.Where(a => !users.Any(u => u.Id == a.UserId)).OrderBy(a => a.Id).Select(a => new { Budget = a.Id, a.UserId }), ct))
            .Plus(await FindAsync(db.Transfers.Where(t => !users.Any(u => u.Id == t.UserId)).OrderBy(t => t.Id).Select(t => new { Transfer = t.Id, t.UserId }), ct))
            .Plus(await FindAsync(db.ImportBatches.Where(b => !users.Any(u => u.Id == b.UserId)).OrderBy(b => b.Id).Select(b => new { ImportBatch = b.Id, b.UserId }), ct))
            .Plus(await FindAsync(db.Operations.Where(o => !users.Any(u => u.Id == o.UserId)).OrderBy(o => o.Id).Select(o => new { Operation = o.Id, o.UserId }), ct));
    }

    private static async Task<Offenders> PointAtCategoriesAsync(BudgetDbContext db, CancellationToken ct)
    {
        var categories = db.Categories;
        return (await FindAsync(db.Expenses.Where(e => !categories.Any(c => c.Id == e.CategoryId)).OrderBy(e => e.Id).Select(e => new { Expense = e.Id, e.CategoryId }), ct))
            .Plus(await FindAsync(db.BudgetAllocations.Where(a => !categories.Any(c => c.Id == a.CategoryId)).OrderBy(a => a.Id).Select(a => new { Budget = a.Id, a.CategoryId }), ct))
            .Plus(await FindAsync(db.Transfers.Where(t => !categories.Any(c => c.Id == t.FromCategoryId) || !categories.Any(c => c.Id == t.ToCategoryId))
                .OrderBy(t => t.Id).Select(t => new { Transfer = t.Id, t.FromCategoryId, t.ToCategoryId }), ct));
    }

    /// <summary>Every expense in SQLite's search index once, nothing else in it, and no import left its rows out of it when it committed.</summary>
    private static async Task<Offenders> SearchIndexMatchesAsync(BudgetDbContext db, CancellationToken ct)
    {
        var found = Offenders.None;
        foreach (var mismatches in ExpenseSearchIndex.Mismatches(db))
        {
            found = found.Plus(await FindAsync(mismatches, ct));
        }

        return found;
    }

    /// <summary>SQLite's own checks of the file: a row per problem (integrity_check says "ok" when there is none).</summary>
    private static async Task<Offenders> PragmaAsync(BudgetDbContext db, string pragma, string? ok, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragma;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                var row = string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
                if (row != ok)
                {
                    rows.Add(row);
                }
            }

            return Offenders.Of(rows);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
