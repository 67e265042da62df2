using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>One expense row as an operation found it (<see cref="Before"/>) and left it (<see cref="After"/>); null where it didn't exist.</summary>
public sealed record ExpenseChange(ExpenseRecord? Before, ExpenseRecord? After);

/// <summary>
/// Puts expense rows back exactly as recorded: same id, same version, same timestamps, so that later operations'
/// details still name them and a redo can check them. Ids are never reused (AUTOINCREMENT / IDENTITY).
/// </summary>
public static class ExpenseRows
{
    /// <summary>
    /// Turns rows from the state an operation left them in back to the state it found them in (or the reverse for a
    /// redo). Refuses if any row isn't exactly as the operation left it.
    /// </summary>
    public static async Task<Result> RewindAsync(UndoContext context, IReadOnlyList<ExpenseChange> changes)
    {
        var scope = context.Scope;
        var steps = changes.Select(c => context.Redo ? (From: c.Before, To: c.After) : (From: c.After, To: c.Before)).ToList();
        var ids = steps.Select(s => (s.From ?? s.To)!.Id).ToList();
        var current = await scope.Db.Expenses.Where(e => e.UserId == scope.UserId && ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, scope.CancellationToken);

        foreach (var (from, to) in steps)
        {
            var id = (from ?? to)!.Id;
            var found = current.GetValueOrDefault(id);
            if (from is null ? found is not null : found is null || found.Version != from.Version)
            {
                return Result.Fail(FailureKind.Conflict, UndoContext.ChangedSince((from ?? to)!.Description));
            }
        }

        var categories = steps.Where(s => s.To is not null).Select(s => s.To!.CategoryId).Distinct().ToList();
        var existing = await scope.Db.Categories.Where(c => categories.Contains(c.Id)).CountAsync(scope.CancellationToken);
        if (existing != categories.Count)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        // Removed first, so that a row put back can take an import key that a removed row held (split parts).
        scope.Db.Expenses.RemoveRange(steps.Where(s => s.To is null).Select(s => current[s.From!.Id]));
        await scope.Db.SaveChangesAsync(scope.CancellationToken);

        var keys = steps.Where(s => s.From is null && s.To!.ImportKey is not null).Select(s => s.To!.ImportKey!).ToList();
        if (keys.Count > 0 && await scope.Db.Expenses.Where(e => e.UserId == scope.UserId && e.ImportKey != null && keys.Contains(e.ImportKey)).Select(e => e.Description).FirstOrDefaultAsync(scope.CancellationToken) is { } again)
        {
            return Result.Fail(FailureKind.Conflict, $"'{again}' was imported again after this. Undo the later import first.");
        }

        foreach (var (from, to) in steps.Where(s => s.From is not null && s.To is not null))
        {
            Copy(to!, current[from!.Id]);
        }

        var restored = steps.Where(s => s.From is null).Select(s => Copy(s.To!, new Expense { Id = s.To!.Id, UserId = scope.UserId })).ToList();
        scope.Db.Expenses.AddRange(restored);
        await scope.Db.SaveWithOwnIdsAsync<Expense>(restored.Count > 0, scope.CancellationToken);
        return Result.Ok("");
    }

    private static Expense Copy(ExpenseRecord from, Expense to)
    {
        to.Date = from.Date;
        to.Description = from.Description;
        to.AmountCents = from.AmountCents;
        to.CategoryId = from.CategoryId;
        to.Note = from.Note;
        to.SplitGroupId = from.SplitGroupId;
        to.ImportBatchId = from.ImportBatchId;
        to.ImportKey = from.ImportKey;
        to.Version = from.Version;
        to.CreatedAt = from.CreatedAt;
        return to;
    }

    /// <summary>Saves rows inserted with the ids they had before; SQL Server accepts those only with IDENTITY_INSERT on.</summary>
    public static async Task SaveWithOwnIdsAsync<T>(this BudgetDbContext db, bool insertsIds, CancellationToken cancellationToken)
    {
        if (!insertsIds || !db.Database.IsSqlServer())
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
#pragma warning disable EF1002 // the table name comes from the model, not from input
        await db.Database.ExecuteSqlRawAsync($"SET IDENTITY_INSERT [{table}] ON", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"SET IDENTITY_INSERT [{table}] OFF", cancellationToken);
#pragma warning restore EF1002
    }
}
