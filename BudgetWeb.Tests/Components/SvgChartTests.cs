using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BudgetWeb.Components.Shared;

namespace BudgetWeb.Tests.Components;

/// <summary>The Summary's charts as a reader (and a screen reader) meets them: labels, tooltips, the amount axis, the legend.</summary>
public sealed class SvgChartTests
{
    [Fact]
    public void Each_bar_tells_its_category_series_and_exact_amount_and_the_legend_names_the_series()
    {
        var chart = Parse(SvgChart.Bars("Budget vs spent by category", ["Food", "Rent"],
        [
            new("Budgeted", "red", [40_000, 120_000]),
            new("Spent", "blue", [12_550, 120_000]),
        ]));

        Assert.Equal(
            ["Food, Budgeted: $400.00", "Food, Spent: $125.50", "Rent, Budgeted: $1,200.00", "Rent, Spent: $1,200.00"],
            chart.QuerySelectorAll("rect title").Select(t => t.TextContent));
        Assert.Equal(["Food", "Rent"], chart.QuerySelectorAll(".bw-chart-plot > text").Select(t => t.TextContent));
        Assert.Equal(["Budgeted", "Spent"], chart.QuerySelectorAll(".bw-chart-legend span").Select(s => s.TextContent));
        Assert.Equal("Budget vs spent by category", chart.QuerySelector("svg[role=img]")!.GetAttribute("aria-label"));

        // The axis runs in round amounts from zero past the greatest bar, and the tallest bars are as tall as each other.
        var ticks = chart.QuerySelectorAll(".bw-chart-axis text").Select(t => t.TextContent).ToList();
        Assert.Equal(["$0", "$250", "$500", "$750", "$1,000", "$1,250"], ticks);
        var heights = chart.QuerySelectorAll("rect").Select(r => double.Parse(r.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(heights[2], heights[3]);
        Assert.True(heights[0] > heights[1] && heights[1] > 0);
    }

    [Fact]
    public void Names_are_shown_as_text_never_as_markup_and_long_ones_are_shortened_with_the_whole_name_in_a_tooltip()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        const string longName = "Groceries and household supplies";
        var chart = Parse(SvgChart.Bars("Budget & spent", [hostile, longName], [new("Spent \"now\"", "blue", [100, 200])]));

        Assert.Empty(chart.QuerySelectorAll("img"));
        Assert.Contains(chart.QuerySelectorAll("rect title"), t => t.TextContent == $"{hostile}, Spent \"now\": $1.00");
        var label = chart.QuerySelectorAll(".bw-chart-plot > text").Single(t => t.TextContent.StartsWith("Groceries"));
        Assert.Equal(longName + "Groceries and h…", label.TextContent); // its tooltip's text, then the shown text
        Assert.Equal(longName, label.QuerySelector("title")!.TextContent);
        Assert.Equal("Budget & spent", chart.QuerySelector("svg[role=img]")!.GetAttribute("aria-label"));
    }

    [Fact]
    public void A_month_of_refunds_goes_below_a_zero_line_and_each_point_of_the_trend_has_its_amount()
    {
        var chart = Parse(SvgChart.Line("Spending, last 12 months", ["Jan 26", "Feb 26", "Mar 26"], new("Spent", "blue", [5_000, -2_000, 0])));

        Assert.Equal(["Jan 26, Spent: $50.00", "Feb 26, Spent: -$20.00", "Mar 26, Spent: $0.00"], chart.QuerySelectorAll("circle title").Select(t => t.TextContent));
        Assert.Equal(2, chart.QuerySelectorAll(".bw-chart-plot > line[stroke]").Length); // the line from point to point
        var zero = double.Parse(chart.QuerySelector(".bw-chart-zero")!.GetAttribute("y1")!, System.Globalization.CultureInfo.InvariantCulture);
        var points = chart.QuerySelectorAll("circle").Select(c => double.Parse(c.GetAttribute("cy")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(points[0] < zero && points[1] > zero && points[2] == zero, $"zero line at {zero}, points at {string.Join(", ", points)}");
        Assert.Contains(chart.QuerySelectorAll(".bw-chart-axis text"), t => t.TextContent.StartsWith("-$"));
    }

    private static IElement Parse(Microsoft.AspNetCore.Components.MarkupString markup)
    {
        var document = new HtmlParser().ParseDocument($"<body>{markup.Value}</body>");
        return document.Body!;
    }
}
