using System.Globalization;

namespace BudgetWeb.Common;

/// <summary>
/// The one reader of amounts people type or import. It accepts only what can't be misread in the culture:
/// group separators only between groups of exactly three digits, at most two decimals. So in en-US "12,5"
/// and "54,32" are refused (not read as 125 and 5,432), while "1,234.50" and "12.5" are fine.
/// </summary>
public static class AmountText
{
    public static bool TryParse(string? text, CultureInfo culture, out decimal amount)
    {
        amount = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var format = culture.NumberFormat;
        var body = text.Trim();
        var negative = false;
        if (body.StartsWith(format.NegativeSign, StringComparison.Ordinal) || body.StartsWith('-'))
        {
            negative = true;
            body = body[(body.StartsWith(format.NegativeSign, StringComparison.Ordinal) ? format.NegativeSign.Length : 1)..].TrimStart();
        }

        body = WithoutCurrencySymbol(body, format.CurrencySymbol);
        if (!negative && (body.StartsWith(format.NegativeSign, StringComparison.Ordinal) || body.StartsWith('-')))
        {
            negative = true; // "$-12.50"
            body = body[1..].TrimStart();
        }

        var (whole, fraction) = (body, "");
        var at = body.IndexOf(format.NumberDecimalSeparator, StringComparison.Ordinal);
        if (at >= 0)
        {
            (whole, fraction) = (body[..at], body[(at + format.NumberDecimalSeparator.Length)..]);
            if (fraction.Length > 2 || !fraction.All(char.IsAsciiDigit) || fraction.Length == 0 && whole.Length == 0)
            {
                return false;
            }
        }

        if (whole.Length == 0 && fraction.Length == 0 || !TryReadWhole(whole, GroupSeparators(format), out var digits))
        {
            return false;
        }

        var invariant = $"{(negative ? "-" : "")}{(digits.Length == 0 ? "0" : digits)}{(fraction.Length > 0 ? "." + fraction : "")}";
        return decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    /// <summary>What a form or an import report says about text that isn't an amount, with how to write it instead.</summary>
    public static string NotAnAmount(string text, CultureInfo culture)
    {
        var guess = Guess(text, culture);
        return guess is { } meant
            ? $"'{text.Trim()}' is not an amount; use {meant.ToString("0.00", culture)}"
            : $"'{text.Trim()}' is not an amount; use a number like {12.50m.ToString("0.00", culture)}";
    }

    /// <summary>An amount as a form shows it for editing: plain, two decimals, no group separators (they are optional).</summary>
    public static string ForEditing(decimal? amount, CultureInfo culture) => amount?.ToString("0.00", culture) ?? "";

    /// <summary>
    /// "12,5" in en-US most likely meant 12.50: a last separator followed by one or two digits is read as the decimal
    /// point. Anything less clear gets no guess, only an example.
    /// </summary>
    private static decimal? Guess(string text, CultureInfo culture)
    {
        var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c is '.' or ',' or '-').ToArray());
        var last = digits.LastIndexOfAny(['.', ',']);
        if (last < 0 || digits.Length - last - 1 is not (1 or 2))
        {
            return null;
        }

        var normalized = digits[..last].Replace(".", "").Replace(",", "") + "." + digits[(last + 1)..];
        return decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var guess)
            && TryParse(guess.ToString("0.00", culture), culture, out _)
            ? guess
            : null;
    }

    private static string WithoutCurrencySymbol(string text, string symbol)
    {
        if (symbol.Length == 0)
        {
            return text;
        }

        if (text.StartsWith(symbol, StringComparison.Ordinal))
        {
            return text[symbol.Length..].Trim();
        }

        return text.EndsWith(symbol, StringComparison.Ordinal) ? text[..^symbol.Length].Trim() : text;
    }

    /// <summary>The culture's group separator; where that is a kind of space (fr-FR, ...), any kind of space.</summary>
    private static string[] GroupSeparators(NumberFormatInfo format) =>
        format.NumberGroupSeparator.All(char.IsWhiteSpace) ? [format.NumberGroupSeparator, " ", "\u00A0", "\u202F"] : [format.NumberGroupSeparator];

    /// <summary>Digits, or digits grouped in threes after a first group of one to three.</summary>
    private static bool TryReadWhole(string whole, string[] separators, out string digits)
    {
        digits = "";
        if (whole.All(char.IsAsciiDigit))
        {
            digits = whole;
            return true;
        }

        var separator = separators.FirstOrDefault(s => whole.Contains(s, StringComparison.Ordinal));
        if (separator is null)
        {
            return false;
        }

        var groups = whole.Split(separator);
        if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => g.All(char.IsAsciiDigit)))
        {
            return false;
        }

        digits = string.Concat(groups);
        return true;
    }
}
