using System.Diagnostics;

internal static class Timing
{
    /// <summary>The median of <paramref name="runs"/> timed runs in milliseconds, after one untimed warm-up run.</summary>
    public static double Median(Action action, int runs = 15)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[runs / 2];
    }
}
