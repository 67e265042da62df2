using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Rules;

/// <summary>
/// The signed-in user's categorization rules: add, change, delete, move up or down. Every change is one recorded
/// operation holding the user's rules before and after it, which is what <see cref="RuleUndoer"/> puts back.
/// </summary>
public sealed class RuleService(IDbContextFactory<BudgetDbContext> factory, TransactionRunner runner, CurrentUser currentUser, IValidator<RuleInput> validator)
{
    public const string RuleGone = "That rule no longer exists.";

    public async Task<IReadOnlyList<RuleRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await ListAsync(db, userId, cancellationToken);
    }

    /// <summary>One user's rules in the order they are tried.</summary>
    public static async Task<IReadOnlyList<RuleRow>> ListAsync(BudgetDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.CategorizationRules.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => new RuleRow(r.Id, r.Position, r.Match, r.Text, r.CategoryId, r.Category!.Name))
            .ToListAsync(cancellationToken);

    public async Task<Result> AddAsync(RuleInput input, Guid operationKey, CancellationToken cancellationToken = default) =>
        await ChangeRulesAsync(OperationKind.RuleAdded, operationKey, async (scope, rules) =>
        {
            if (await RefuseAsync(input, rules, except: null, scope.CancellationToken) is { } refused)
            {
                return refused;
            }

            var rule = new CategorizationRule
            {
                UserId = scope.UserId,
                Position = rules.Count == 0 ? 1 : rules.Max(r => r.Position) + 1,
                Match = input.Match,
                Text = input.Text.Trim(),
                CategoryId = input.CategoryId!.Value,
                CreatedAt = scope.Now,
            };
            scope.Db.CategorizationRules.Add(rule);
            return Result.Ok($"Added rule: {await DescribeAsync(scope.Db, rule, scope.CancellationToken)}.");
        }, cancellationToken);

    public async Task<Result> ChangeAsync(long ruleId, RuleInput input, Guid operationKey, CancellationToken cancellationToken = default) =>
        await ChangeRulesAsync(OperationKind.RuleChanged, operationKey, async (scope, rules) =>
        {
            if (rules.FirstOrDefault(r => r.Id == ruleId) is not { } rule)
            {
                return Result.Fail(FailureKind.NotFound, RuleGone);
            }

            if (await RefuseAsync(input, rules, except: ruleId, scope.CancellationToken) is { } refused)
            {
                return refused;
            }

            var before = await DescribeAsync(scope.Db, rule, scope.CancellationToken);
            (rule.Match, rule.Text, rule.CategoryId) = (input.Match, input.Text.Trim(), input.CategoryId!.Value);
            var after = await DescribeAsync(scope.Db, rule, scope.CancellationToken);
            return before == after ? Result.Unchanged("The rule is unchanged.") : Result.Ok($"Changed rule: {before} is now {after}.");
        }, cancellationToken);

    public async Task<Result> DeleteAsync(long ruleId, Guid operationKey, CancellationToken cancellationToken = default) =>
        await ChangeRulesAsync(OperationKind.RuleDeleted, operationKey, async (scope, rules) =>
        {
            if (rules.FirstOrDefault(r => r.Id == ruleId) is not { } rule)
            {
                return Result.Fail(FailureKind.NotFound, RuleGone);
            }

            var described = await DescribeAsync(scope.Db, rule, scope.CancellationToken);
            scope.Db.CategorizationRules.Remove(rule);
            return Result.Ok($"Deleted rule: {described}.");
        }, cancellationToken);

    /// <summary>Swaps the rule with the one before it (<paramref name="up"/>) or after it; the first and last stay put.</summary>
    public async Task<Result> MoveAsync(long ruleId, bool up, Guid operationKey, CancellationToken cancellationToken = default) =>
        await ChangeRulesAsync(OperationKind.RuleMoved, operationKey, async (scope, rules) =>
        {
            var at = rules.FindIndex(r => r.Id == ruleId);
            if (at < 0)
            {
                return Result.Fail(FailureKind.NotFound, RuleGone);
            }

            var other = up ? at - 1 : at + 1;
            if (other < 0 || other >= rules.Count)
            {
                return Result.Unchanged(up ? "That rule is already first." : "That rule is already last.");
            }

            var (rule, neighbour) = (rules[at], rules[other]);
            (rule.Position, neighbour.Position) = (neighbour.Position, rule.Position);
            if (rule.Position == neighbour.Position)
            {
                rule.Position += up ? -1 : 1; // equal positions (never written by this service) still end up in the asked order
            }

            return Result.Ok($"Moved rule {(up ? "up" : "down")}: {await DescribeAsync(scope.Db, rule, scope.CancellationToken)}.");
        }, cancellationToken);

    /// <summary>
    /// The one way rules change: the user's rules loaded (tracked, in order), the change, then the operation records the
    /// rules before and after it.
    /// </summary>
    private async Task<Result> ChangeRulesAsync(OperationKind kind, Guid operationKey, Func<OperationScope, List<CategorizationRule>, Task<Result>> change, CancellationToken cancellationToken)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, kind, operationKey), async scope =>
        {
            var rules = await scope.Db.CategorizationRules.Where(r => r.UserId == userId).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(scope.CancellationToken);
            var before = rules.Select(Record).ToList();
            var result = await change(scope, rules);
            if (!result.Succeeded || result.ChangedNothing)
            {
                return result;
            }

            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new RulesChange(before, await RecordsAsync(scope.Db, userId, scope.CancellationToken)));
            return result;
        }, cancellationToken);
    }

    /// <summary>The user's rules exactly as stored, in a stable order, for recording and for comparing.</summary>
    public static async Task<List<RuleRecord>> RecordsAsync(BudgetDbContext db, string userId, CancellationToken cancellationToken) =>
        (await db.CategorizationRules.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Id).ToListAsync(cancellationToken)).Select(Record).ToList();

    private static RuleRecord Record(CategorizationRule r) => new(r.Id, r.Position, r.Match, r.Text, r.CategoryId, r.CreatedAt);

    private async Task<Result?> RefuseAsync(RuleInput input, IReadOnlyList<CategorizationRule> rules, long? except, CancellationToken cancellationToken)
    {
        if (await validator.FindProblemAsync(input, cancellationToken) is { } problem)
        {
            return problem;
        }

        var text = input.Text.Trim();
        return rules.Any(r => r.Id != except && r.Match == input.Match && string.Equals(r.Text, text, StringComparison.OrdinalIgnoreCase))
            ? Result.Fail(FailureKind.Duplicate, $"You already have a rule for {RuleText.Condition(input.Match, text)}.")
            : null;
    }

    private static async Task<string> DescribeAsync(BudgetDbContext db, CategorizationRule rule, CancellationToken cancellationToken)
    {
        var category = await db.Categories.Where(c => c.Id == rule.CategoryId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? "?";
        return $"{RuleText.Condition(rule.Match, rule.Text)} → {category}";
    }
}
