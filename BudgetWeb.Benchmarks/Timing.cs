using System.Diagnostics;

internal static class Timing
{
    /// <summary>
    /// The median of <paramref name="runs"/> timed runs in milliseconds, after untimed warm-up runs for at least half a
    /// second (at least one): the JIT's tiers and the database's cache are warm, as in a server that has been running.
    /// </summary>
    public static double Median(Action action, int runs = 15)
    {
        var warmUp = Stopwatch.StartNew();
        do
        {
            action();
        }
        while (warmUp.ElapsedMilliseconds < 500);

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
