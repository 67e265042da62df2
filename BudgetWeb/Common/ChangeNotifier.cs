using System.Collections.Concurrent;
using BudgetWeb.Data.Entities;

namespace BudgetWeb.Common;

/// <summary>
/// Tells open pages that what they show has changed: after each commit, every circuit (tab) of the user who made the
/// change, and every circuit of every user when the change is to the shared categories. Pages subscribe with
/// <see cref="NotifyOnChange"/> and dispose the subscription with themselves. One instance per app process.
/// </summary>
public sealed class ChangeNotifier(ILogger<ChangeNotifier> logger)
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    /// <param name="onChange">
    /// Runs on the committing thread, not the page's: pass <c>() => InvokeAsync(ReloadAsync)</c> so the page reloads on its own dispatcher.
    /// </param>
    public IDisposable NotifyOnChange(string userId, Func<Task> onChange)
    {
        var subscription = new Subscription(this, userId, onChange);
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Called by <see cref="TransactionRunner"/> once a change is committed.</summary>
    public void Changed(string userId, OperationKind kind)
    {
        var everyone = kind is OperationKind.CategoryCreated or OperationKind.CategoryRenamed or OperationKind.CategoryDeleted
            or OperationKind.CategoriesMerged or OperationKind.ImportCompleted // an import may create categories
            or OperationKind.Undo; // an undo may restore or remove categories
        foreach (var subscription in _subscriptions.Keys.Where(s => everyone || s.UserId == userId))
        {
            _ = NotifyAsync(subscription);
        }
    }

    private async Task NotifyAsync(Subscription subscription)
    {
        try
        {
            await subscription.OnChange();
        }
        catch (Exception exception)
        {
            // A page that fails to refresh (its circuit just closed, say) must not fail the change that was committed.
            logger.LogWarning(exception, "An open page could not refresh after a change");
        }
    }

    private sealed record Subscription(ChangeNotifier Owner, string UserId, Func<Task> OnChange) : IDisposable
    {
        public void Dispose() => Owner._subscriptions.TryRemove(this, out _);
    }
}
