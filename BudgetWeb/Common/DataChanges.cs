namespace BudgetWeb.Common;

/// <summary>
/// Tells the pages of one circuit that data changed somewhere else on screen (an Undo in a toast), so that they
/// reload what they show. Subscriptions are disposed with the component.
/// </summary>
public sealed class DataChanges
{
    private readonly List<Func<Task>> _listeners = [];

    public IDisposable NotifyOnChange(Func<Task> reload)
    {
        lock (_listeners)
        {
            _listeners.Add(reload);
        }

        return new Subscription(this, reload);
    }

    public async Task NotifyAsync()
    {
        Func<Task>[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var reload in listeners)
        {
            await reload();
        }
    }

    private sealed class Subscription(DataChanges owner, Func<Task> reload) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._listeners)
            {
                owner._listeners.Remove(reload);
            }
        }
    }
}
