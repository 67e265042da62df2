using System.Text.Json;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Integrity;

/// <summary>
/// What split groups and import batches should hold, re-derived from the operations that changed them. A split
/// records its original and its parts; edits, deletes and reverts record the expenses they replaced or removed
/// (<c>ExpenseRecord</c>s in the Operation's Details). Adding what operations added and taking away what they removed
/// must give exactly the rows the database holds. An operation kind that adds or removes split parts or imported
/// rows belongs in <see cref="Kinds"/>, its records under one of the property names below; undos are followed by
/// <see cref="OperationKind.Undo"/> and <see cref="Operation.UndoOfId"/>.
/// </summary>
internal static class ExpenseLedger
{
    private static readonly OperationKind[] Kinds =
        [OperationKind.ExpenseEdited, OperationKind.ExpenseDeleted, OperationKind.ExpensesDeleted, OperationKind.ExpenseSplit];

    private static readonly string[] Removed = ["Before", "Deleted", "Original", "Removed"];
    private static readonly string[] Added = ["After", "Parts", "Added"];

    private sealed record Row(long Id, long AmountCents, Guid? SplitGroupId, long? ImportBatchId);

    private sealed record Change(long OperationId, OperationKind Kind, IReadOnlyList<Row> Removed, IReadOnlyList<Row> Added);

    public static async Task<Offenders> SplitsAddUpAsync(BudgetDbContext db, CancellationToken ct)
    {
        var problems = new List<string>();
        var expected = new Dictionary<Guid, long>();
        await foreach (var change in ChangesAsync(db, ct))
        {
            if (change.Kind == OperationKind.ExpenseSplit && change.Added.Sum(p => p.AmountCents) != change.Removed.Sum(o => o.AmountCents))
            {
                problems.Add($"{{ Operation = {change.OperationId}, PartsCents = {change.Added.Sum(p => p.AmountCents)}, OriginalCents = {change.Removed.Sum(o => o.AmountCents)} }}");
            }

            foreach (var (row, sign) in change.Removed.Select(r => (r, -1L)).Concat(change.Added.Select(r => (r, 1L))))
            {
                if (row.SplitGroupId is { } group)
                {
                    expected[group] = expected.GetValueOrDefault(group) + sign * row.AmountCents;
                }
            }
        }

        var actual = await db.Expenses.Where(e => e.SplitGroupId != null)
            .GroupBy(e => e.SplitGroupId!.Value)
            .Select(g => new { Group = g.Key, Cents = g.Sum(e => e.AmountCents) })
            .ToDictionaryAsync(g => g.Group, g => g.Cents, ct);
        foreach (var group in expected.Keys.Union(actual.Keys).Order())
        {
            var (want, have) = (expected.GetValueOrDefault(group), actual.GetValueOrDefault(group));
            if (want != have)
            {
                problems.Add($"{{ SplitGroup = {group}, RecordedCents = {want}, PartsCents = {have} }}");
            }
        }

        return Offenders.Of(problems);
    }

    public static async Task<Offenders> ImportBatchesWholeAsync(BudgetDbContext db, CancellationToken ct)
    {
        var changed = new Dictionary<long, int>();
        await foreach (var change in ChangesAsync(db, ct))
        {
            foreach (var (row, sign) in change.Removed.Select(r => (r, -1)).Concat(change.Added.Select(r => (r, 1))))
            {
                if (row.ImportBatchId is { } batch)
                {
                    changed[batch] = changed.GetValueOrDefault(batch) + sign;
                }
            }
        }

        var batches = await db.ImportBatches.OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.FileName, b.Status, b.ImportedRows, Rows = db.Expenses.Count(e => e.ImportBatchId == b.Id) })
            .ToListAsync(ct);
        var problems = batches
            .Select(b => new { Batch = b.Id, b.FileName, b.Status, Expected = b.Status == ImportBatchStatus.Reverted ? 0 : b.ImportedRows + changed.GetValueOrDefault(b.Id), b.Rows })
            .Where(b => b.Rows != b.Expected)
            .Select(b => b.ToString()!)
            .ToList();
        return Offenders.Of(problems);
    }

    /// <summary>
    /// Operations that replaced or removed expenses, oldest first, for users who still exist. An undo reverses what its
    /// target did (and a redo, the undo of an undo, reverses that again), so it counts as the target's change inverted.
    /// </summary>
    private static async IAsyncEnumerable<Change> ChangesAsync(BudgetDbContext db, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var operations = db.Operations.AsNoTracking()
            .Where(o => (Kinds.Contains(o.Kind) || o.Kind == OperationKind.Undo) && db.Users.Any(u => u.Id == o.UserId))
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.Kind, o.Details, o.UndoOfId })
            .AsAsyncEnumerable();
        var seen = new Dictionary<long, Change>();
        await foreach (var operation in operations.WithCancellation(ct))
        {
            Change change;
            if (operation.Kind == OperationKind.Undo)
            {
                if (operation.UndoOfId is not { } target || !seen.TryGetValue(target, out var undone))
                {
                    continue; // the undo of a change that moved no split part or imported row
                }

                change = new Change(operation.Id, operation.Kind, undone.Added, undone.Removed);
            }
            else
            {
                using var details = JsonDocument.Parse(operation.Details);
                change = new Change(operation.Id, operation.Kind, Read(details.RootElement, Removed), Read(details.RootElement, Added));
            }

            seen[operation.Id] = change;
            yield return change;
        }
    }

    private static List<Row> Read(JsonElement details, string[] properties)
    {
        var rows = new List<Row>();
        foreach (var name in properties)
        {
            if (details.ValueKind != JsonValueKind.Object || !details.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                rows.AddRange(value.EnumerateArray().Select(e => e.Deserialize<Row>()!));
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                rows.Add(value.Deserialize<Row>()!);
            }
        }

        return rows;
    }
}
