using System.Globalization;
using BudgetWeb.Common;

namespace BudgetWeb.Tests.Features;

/// <summary>The one amount reader: only what can be read one way in the culture is an amount.</summary>
public sealed class AmountTextTests
{
    [Theory]
    [InlineData("en-US", "12.50", 12.50)]
    [InlineData("en-US", "12.5", 12.5)]
    [InlineData("en-US", "12", 12)]
    [InlineData("en-US", "12.", 12)]
    [InlineData("en-US", "1,234.50", 1234.50)]
    [InlineData("en-US", "1,234,567", 1234567)]
    [InlineData("en-US", "$1,234.50", 1234.50)]
    [InlineData("en-US", " -3.20 ", -3.20)]
    [InlineData("de-DE", "12,5", 12.5)]
    [InlineData("de-DE", "1.234,50", 1234.50)]
    [InlineData("de-DE", "1.234,50 €", 1234.50)]
    [InlineData("fr-FR", "1 234,50", 1234.50)]
    public void Reads_unambiguous_amounts(string culture, string text, double expected)
    {
        Assert.True(AmountText.TryParse(text, CultureInfo.GetCultureInfo(culture), out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("en-US", "12,5")]
    [InlineData("en-US", "54,32")]
    [InlineData("en-US", "1,23")]
    [InlineData("en-US", "12,3456")]
    [InlineData("en-US", "1234,567.5")]
    [InlineData("en-US", "12.345")]
    [InlineData("en-US", "1.2.3")]
    [InlineData("en-US", "abc")]
    [InlineData("en-US", "")]
    [InlineData("de-DE", "12.5")]
    [InlineData("de-DE", "1,234.50")]
    public void Refuses_what_could_be_misread(string culture, string text)
    {
        Assert.False(AmountText.TryParse(text, CultureInfo.GetCultureInfo(culture), out _));
    }

    [Theory]
    [InlineData("en-US", "12,5", "'12,5' is not an amount; use 12.50")]
    [InlineData("en-US", "54,32", "'54,32' is not an amount; use 54.32")]
    [InlineData("en-US", "abc", "'abc' is not an amount; use a number like 12.50")]
    [InlineData("de-DE", "12.5", "'12.5' is not an amount; use 12,50")]
    public void Says_how_to_write_it_in_the_culture(string culture, string text, string message)
    {
        Assert.Equal(message, AmountText.NotAnAmount(text, CultureInfo.GetCultureInfo(culture)));
    }
}
