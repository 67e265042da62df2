using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Undo;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Rules;

/// <summary>
/// Undoes (or redoes) any rule change by putting the user's rules back exactly as they were before it (or after it),
/// same ids included; refused when the rules are no longer as the change left them.
/// </summary>
public sealed class RuleUndoer(OperationKind kind) : IUndoer
{
    public const string RulesChangedSince = "Your rules were changed after this. Undo the later change first.";

    public OperationKind Kind => kind;

    public static IEnumerable<IUndoer> All() =>
        [new RuleUndoer(OperationKind.RuleAdded), new RuleUndoer(OperationKind.RuleChanged), new RuleUndoer(OperationKind.RuleDeleted), new RuleUndoer(OperationKind.RuleMoved)];

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var (scope, change) = (context.Scope, context.Details<RulesChange>());
        var (from, to) = context.Redo ? (change.Before, change.After) : (change.After, change.Before);
        var current = await RuleService.RecordsAsync(scope.Db, scope.UserId, scope.CancellationToken);
        if (!current.SequenceEqual(from.OrderBy(r => r.Id)))
        {
            return Result.Fail(FailureKind.Conflict, RulesChangedSince);
        }

        var categories = to.Select(r => r.CategoryId).Distinct().ToList();
        if (await scope.Db.Categories.CountAsync(c => categories.Contains(c.Id), scope.CancellationToken) != categories.Count)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        var stored = await scope.Db.CategorizationRules.Where(r => r.UserId == scope.UserId).ToDictionaryAsync(r => r.Id, scope.CancellationToken);
        var wanted = to.ToDictionary(r => r.Id);
        scope.Db.CategorizationRules.RemoveRange(stored.Values.Where(r => !wanted.ContainsKey(r.Id)));
        foreach (var record in to)
        {
            if (!stored.TryGetValue(record.Id, out var rule))
            {
                rule = new CategorizationRule { Id = record.Id, UserId = scope.UserId };
                scope.Db.CategorizationRules.Add(rule);
            }

            (rule.Position, rule.Match, rule.Text, rule.CategoryId, rule.CreatedAt) = (record.Position, record.Match, record.Text, record.CategoryId, record.CreatedAt);
        }

        await scope.Db.SaveWithOwnIdsAsync<CategorizationRule>(to.Any(r => !stored.ContainsKey(r.Id)), scope.CancellationToken);
        return Result.Ok("");
    }
}
