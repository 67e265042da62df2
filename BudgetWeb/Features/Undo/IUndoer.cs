using System.Text.Json;
using BudgetWeb.Common;
using BudgetWeb.Data.Entities;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// Reverses one kind of operation from the details its service recorded, or applies it again (redo). It checks
/// first that nothing later depends on what it would change, and refuses with the reason otherwise.
/// </summary>
public interface IUndoer
{
    OperationKind Kind { get; }

    Task<Result> ApplyAsync(UndoContext context);
}

/// <param name="Original">The operation the chain of undos and redos started from; its details describe the change.</param>
/// <param name="Target">The operation being reversed now: the original, or the latest undo / redo of it.</param>
/// <param name="Redo">True when the target is an undo, so reversing it applies the original again.</param>
public sealed record UndoContext(OperationScope Scope, Operation Original, Operation Target, bool Redo)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public T Details<T>() => JsonSerializer.Deserialize<T>(Original.Details, Json)!;

    /// <summary>What the target recorded, e.g. rows an undo removed that a redo puts back.</summary>
    public T TargetDetails<T>() => JsonSerializer.Deserialize<T>(Target.Details, Json)!;

    public static string ChangedSince(string what) => $"'{what}' was changed after this. Undo the later change first.";
}
