using BudgetWeb.Common;
using MudBlazor;

namespace BudgetWeb.Components.Shared;

/// <summary>Between an amount field's text and its value, through the one amount reader (<see cref="AmountText"/>).</summary>
public sealed class AmountConverter : IReversibleConverter<decimal?, string?>
{
    public static readonly AmountConverter Instance = new();

    public string? Convert(decimal? value) => AmountText.ForEditing(value, Formatting.Culture);

    /// <exception cref="FormatException">With the message the field shows under itself.</exception>
    public decimal? ConvertBack(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : AmountText.TryParse(text, Formatting.Culture, out var amount) ? amount
        : throw new FormatException(AmountText.NotAnAmount(text, Formatting.Culture));
}
