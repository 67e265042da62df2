using BudgetWeb.Data.Entities;

namespace BudgetWeb.Features.Budgets;

/// <summary>
/// Carry-over worked out the plain way, one calendar month after another, in memory: what the integrity check compares
/// <see cref="CarryOverQuery"/>'s window functions with, and what the merge preview uses to foresee a merged category's
/// months. Into each month carries, by the setting in effect in that month: nothing (None), the previous balance if
/// positive (Unspent, the default), or the previous balance either way (Unspent and overspent). The first month with
/// anything (money or a setting) starts from nothing.
/// </summary>
public sealed class CarryOverWalk
{
    private readonly Dictionary<DateOnly, long> _net = [];
    private readonly SortedList<DateOnly, CarryOverMode> _settings = [];

    public void Allocate(DateOnly month, long cents) => Add(month, cents);

    public void Spend(DateOnly month, long cents) => Add(month, -cents);

    public void Set(DateOnly effectiveMonth, CarryOverMode mode) => _settings[effectiveMonth] = mode;

    private void Add(DateOnly month, long cents) => _net[month] = _net.GetValueOrDefault(month) + cents;

    public bool IsEmpty => _net.Count == 0 && _settings.Count == 0;

    /// <summary>(carried in, available) for every month from the first with anything up to <paramref name="until"/>.</summary>
    public IEnumerable<(DateOnly Month, long CarriedInCents, long AvailableCents)> Months(DateOnly until)
    {
        if (IsEmpty)
        {
            yield break;
        }

        var first = FirstMonth!.Value;
        long? previous = null;
        for (var month = first; month <= until; month = month.AddMonths(1))
        {
            var carried = previous is not { } balance ? 0 : ModeIn(month) switch
            {
                CarryOverMode.None => 0,
                CarryOverMode.UnspentAndOverspent => balance,
                _ => Math.Max(0, balance),
            };
            previous = carried + _net.GetValueOrDefault(month);
            yield return (month, carried, previous.Value);
        }
    }

    /// <summary>Months with money or a setting in them, in order.</summary>
    public IEnumerable<DateOnly> ActiveMonths => _net.Keys.Union(_settings.Keys).Order();

    public DateOnly? FirstMonth => IsEmpty ? null : ActiveMonths.First();

    public DateOnly? LastMonth => IsEmpty ? null : ActiveMonths.Last();

    private CarryOverMode ModeIn(DateOnly month)
    {
        var mode = CarryOverMode.Unspent;
        foreach (var (effective, value) in _settings)
        {
            if (effective > month)
            {
                break;
            }

            mode = value;
        }

        return mode;
    }
}
