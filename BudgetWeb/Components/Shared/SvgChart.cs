using System.Globalization;
using System.Net;
using System.Text;
using BudgetWeb.Common;
using Microsoft.AspNetCore.Components;

namespace BudgetWeb.Components.Shared;

/// <summary>
/// The Summary's charts, drawn as one piece of SVG markup each. MudChart draws every bar, line, point and label as a
/// component of its own (about 145 for the Summary's two charts), and an open page keeps each one, with its render
/// buffers, in the server's memory for as long as the tab stays open (issue 13; `BudgetWeb.Benchmarks -- circuits`
/// measures it). Markup is one frame, whatever it draws. Across, positions are percentages of the chart's width, so it
/// fills its box at any width without scaling its text; up and down they are pixels of a fixed height. Every bar and
/// point has a tooltip with its exact amount, the legend is plain HTML, and every text is HTML-encoded.
/// </summary>
public static class SvgChart
{
    /// <summary>One series: its name (in the legend and tooltips), a CSS color and a value per label.</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<long> Cents);

    private const int Height = 360;
    private const int PlotTop = 12;
    private const int PlotBottom = 310;
    private const int AxisWidth = 84;
    private const int LabelLength = 16;

    /// <summary>Grouped bars: for each label, one bar per series side by side.</summary>
    public static MarkupString Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<Series> series)
    {
        var scale = Scale.For(series.SelectMany(s => s.Cents));
        var slot = Slot(labels);
        var bar = slot * 0.7 / Math.Max(1, series.Count);
        var plot = new StringBuilder();
        for (var i = 0; i < labels.Count; i++)
        {
            for (var j = 0; j < series.Count; j++)
            {
                var cents = series[j].Cents[i];
                var (top, bottom) = (scale.Y(Math.Max(cents, 0)), scale.Y(Math.Min(cents, 0)));
                plot.Append(Invariant($"<rect x=\"{slot * i + slot * 0.15 + bar * j:0.###}%\" width=\"{bar:0.###}%\" y=\"{top:0.#}\" height=\"{Math.Max(bottom - top, 0):0.#}\" fill=\"{series[j].Color}\">"))
                    .Append(Tooltip(labels[i], series[j].Name, cents)).Append("</rect>");
            }
        }

        return Chart(title, labels, series, scale, plot);
    }

    /// <summary>A line through one value per label, with a point on each.</summary>
    public static MarkupString Line(string title, IReadOnlyList<string> labels, Series series)
    {
        var scale = Scale.For(series.Cents);
        double X(int i) => Center(labels, i);
        var plot = new StringBuilder();
        for (var i = 1; i < labels.Count; i++)
        {
            plot.Append(Invariant($"<line x1=\"{X(i - 1):0.###}%\" y1=\"{scale.Y(series.Cents[i - 1]):0.#}\" x2=\"{X(i):0.###}%\" y2=\"{scale.Y(series.Cents[i]):0.#}\" stroke=\"{series.Color}\" stroke-width=\"2\" />"));
        }

        for (var i = 0; i < labels.Count; i++)
        {
            plot.Append(Invariant($"<circle cx=\"{X(i):0.###}%\" cy=\"{scale.Y(series.Cents[i]):0.#}\" r=\"4\" fill=\"{series.Color}\">"))
                .Append(Tooltip(labels[i], series.Name, series.Cents[i])).Append("</circle>");
        }

        return Chart(title, labels, [series], scale, plot);
    }

    /// <summary>The frame around a plot: the amount axis, grid lines, the labels under the plot and the legend.</summary>
    private static MarkupString Chart(string title, IReadOnlyList<string> labels, IReadOnlyList<Series> series, Scale scale, StringBuilder plot)
    {
        var axis = new StringBuilder();
        var grid = new StringBuilder();
        foreach (var tick in scale.Ticks())
        {
            var y = scale.Y(tick);
            axis.Append(Invariant($"<text x=\"{AxisWidth - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">")).Append(Encode(scale.Label(tick))).Append("</text>");
            grid.Append(Invariant($"<line x1=\"0\" x2=\"100%\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"{(tick == 0 ? "bw-chart-zero" : "bw-chart-grid")}\" />"));
        }

        // Many labels take turns on two lines, so neighbours don't run into each other.
        var staggered = labels.Count > 6;
        for (var i = 0; i < labels.Count; i++)
        {
            var y = PlotBottom + (staggered && i % 2 == 1 ? 40 : 22);
            var shown = labels[i].Length > LabelLength ? labels[i][..(LabelLength - 1)] + "…" : labels[i];
            grid.Append(Invariant($"<text x=\"{Center(labels, i):0.###}%\" y=\"{y}\" text-anchor=\"middle\">"))
                .Append(shown == labels[i] ? "" : $"<title>{Encode(labels[i])}</title>").Append(Encode(shown)).Append("</text>");
        }

        var html = new StringBuilder()
            .Append(Invariant($"<div class=\"bw-chart\" style=\"height:{Height}px\">"))
            .Append(Invariant($"<svg class=\"bw-chart-axis\" width=\"{AxisWidth}\" height=\"{Height}\" aria-hidden=\"true\">")).Append(axis).Append("</svg>")
            .Append(Invariant($"<svg class=\"bw-chart-plot\" width=\"100%\" height=\"{Height}\" role=\"img\" aria-label=\"")).Append(Encode(title)).Append("\">")
            .Append(grid).Append(plot).Append("</svg></div>")
            .Append("<div class=\"bw-chart-legend\">");
        foreach (var s in series)
        {
            html.Append($"<span><i style=\"background:{s.Color}\"></i>{Encode(s.Name)}</span>");
        }

        return new MarkupString(html.Append("</div>").ToString());
    }

    /// <summary>Each label's share of the width, in percent: its bars, point and text sit in it.</summary>
    private static double Slot(IReadOnlyList<string> labels) => 100.0 / Math.Max(1, labels.Count);

    /// <summary>The middle of label <paramref name="i"/>'s slot, where its point and its text go.</summary>
    private static double Center(IReadOnlyList<string> labels, int i) => Slot(labels) * (i + 0.5);

    /// <summary>A bar's or point's tooltip: "Food, Budgeted: $30.00".</summary>
    private static string Tooltip(string label, string series, long cents) => $"<title>{Encode($"{label}, {series}: {Formatting.Money(cents)}")}</title>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Amounts to pixels: from a round amount at or below the least value (zero at most) to one at or above the greatest.</summary>
    private sealed record Scale(long Low, long High, long Step)
    {
        public static Scale For(IEnumerable<long> cents)
        {
            var values = cents.DefaultIfEmpty(0).ToList();
            var (least, greatest) = (Math.Min(0, values.Min()), Math.Max(0, values.Max()));
            var step = NiceStep(Math.Max(greatest - least, 100) / 5.0);
            var low = (long)Math.Floor(least / (double)step) * step;
            var high = (long)Math.Ceiling(greatest / (double)step) * step;
            return new Scale(low, high == low ? low + step : high, step);
        }

        /// <summary>1, 2, 2.5 or 5 times a power of ten, in cents, at least a cent.</summary>
        private static long NiceStep(double rough)
        {
            var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            var nice = new[] { 1, 2, 2.5, 5, 10 }.First(n => n * power >= rough) * power;
            return Math.Max(1, (long)Math.Round(nice));
        }

        public double Y(long cents) => PlotBottom - (double)(cents - Low) / (High - Low) * (PlotBottom - PlotTop);

        public IEnumerable<long> Ticks()
        {
            for (var tick = Low; tick <= High; tick += Step)
            {
                yield return tick;
            }
        }

        /// <summary>Whole units when every tick is one ("$400"), else with cents.</summary>
        public string Label(long cents) =>
            Step % 100 == 0 ? (cents / 100m).ToString("C0", Formatting.Culture) : Formatting.Money(cents);
    }
}
