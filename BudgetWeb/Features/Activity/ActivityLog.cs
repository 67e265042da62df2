using System.Text.Json;
using System.Text.RegularExpressions;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Undo;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Activity;

/// <param name="UndoneAt">When this operation was undone; null while it stands.</param>
/// <param name="CanUndo">Whether the Undo button shows: an undoable kind, not undone yet.</param>
/// <param name="ByAdministrator">An administrator's change to shared things this user's rows were in (a merge): shown, not undoable here.</param>
public sealed record ActivityEntry(long Id, DateTime When, OperationKind Kind, string Summary, DateTime? UndoneAt = null, bool CanUndo = false, bool ByAdministrator = false)
{
    public string What => Humanize(Kind);

    public static string Humanize(OperationKind kind)
    {
        var words = Regex.Replace(kind.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}

public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Entries, int TotalCount);

/// <summary>Which operations Activity shows: of one kind, and / or made in one month (both optional).</summary>
public sealed record ActivityFilter(OperationKind? Kind = null, DateOnly? Month = null);

/// <summary>
/// The signed-in user's own operations, newest first: the audit trail every change writes; and, read-only, merges an
/// administrator made that moved this user's rows (the merge records whose rows it moved).
/// </summary>
public sealed class ActivityLog(IDbContextFactory<BudgetDbContext> factory, CurrentUser currentUser, UndoService undo)
{
    public async Task<ActivityPage> PageAsync(int pageIndex, int pageSize, CancellationToken cancellationToken = default) =>
        await PageAsync(pageIndex, pageSize, new ActivityFilter(), cancellationToken);

    public async Task<ActivityPage> PageAsync(int pageIndex, int pageSize, ActivityFilter filter, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // A merge's details list the users whose rows it moved, as JSON strings; a user id is a GUID, so the quoted id
        // matches nothing else. Merges are few, so this reads few rows.
        var quoted = $"\"{userId}\"";
        // A rename changes a shared category's name on everyone's pages, so everyone sees it (read-only unless theirs).
        var mine = db.Operations.AsNoTracking().Where(o => o.UserId == userId || o.Kind == OperationKind.CategoryRenamed
            || (o.Kind == OperationKind.CategoriesMerged && o.Details.Contains(quoted)));
        if (filter.Kind is { } kind)
        {
            mine = mine.Where(o => o.Kind == kind);
        }

        if (filter.Month is { } month)
        {
            var from = Formatting.FirstOfMonth(month).ToDateTime(TimeOnly.MinValue);
            var to = from.AddMonths(1);
            mine = mine.Where(o => o.CreatedAt >= from && o.CreatedAt < to);
        }

        var total = await mine.CountAsync(cancellationToken);
        var rows = await mine
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);

        var entries = new List<ActivityEntry>(rows.Count);
        foreach (var row in rows)
        {
            var original = await OriginalKindAsync(db, row, cancellationToken);
            var summary = row.Kind == OperationKind.ExpenseEdited ? await DescribeEditAsync(db, row, cancellationToken) : row.Summary;
            var own = row.UserId == userId;
            entries.Add(new ActivityEntry(row.Id, row.CreatedAt, row.Kind, summary, row.UndoneAt, own && row.UndoneAt is null && undo.CanUndo(original), !own));
        }

        return new ActivityPage(entries, total);
    }

    private static async Task<OperationKind> OriginalKindAsync(BudgetDbContext db, Operation operation, CancellationToken cancellationToken)
    {
        var (kind, previous) = (operation.Kind, operation.UndoOfId);
        while (previous is { } id)
        {
            var parent = await db.Operations.Where(o => o.Id == id).Select(o => new { o.Kind, o.UndoOfId }).SingleAsync(cancellationToken);
            (kind, previous) = (parent.Kind, parent.UndoOfId);
        }

        return kind;
    }

    /// <summary>An edit says what changed: "Coffee: $4.50 → $5.00, Food → Treats".</summary>
    private static async Task<string> DescribeEditAsync(BudgetDbContext db, Operation operation, CancellationToken cancellationToken)
    {
        var edit = JsonSerializer.Deserialize<Edit>(operation.Details);
        if (edit?.Before is not { } before || edit.After is not { } after)
        {
            return operation.Summary;
        }

        var names = await db.CategoryNamesAsync(before.CategoryId, after.CategoryId, cancellationToken);
        var changes = new List<string>();
        void Changed<T>(T from, T to, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(from, to))
            {
                changes.Add($"{show(from)} → {show(to)}");
            }
        }

        Changed(before.Description, after.Description, d => d);
        Changed(before.Date, after.Date, d => d.ToString("d", Formatting.Culture));
        Changed(before.AmountCents, after.AmountCents, Formatting.Money);
        Changed(before.CategoryId, after.CategoryId, id => names.GetValueOrDefault(id, "a deleted category"));
        Changed(before.Note ?? "", after.Note ?? "", n => n.Length == 0 ? "no note" : $"note '{n}'");
        return changes.Count == 0 ? operation.Summary : $"{before.Description}: {string.Join(", ", changes)}";
    }

    private sealed record Edit(ExpenseRecord? Before, ExpenseRecord? After);
}
