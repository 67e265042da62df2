using BudgetWeb.Tests.Infrastructure;
using BudgetWeb.Workload;
using Xunit.Abstractions;

namespace BudgetWeb.Tests.Reliability;

/// <summary>
/// A worker process runs a seeded random stream of real operations (BudgetWeb.Workload's CrashSteps) on a SQLite
/// file and is SIGKILLed at a random moment, again and again. After every kill, in this process: every integrity
/// check passes, every acknowledged operation is in the database, and the operation in flight happened entirely or
/// not at all. BUDGETWEB_KILLS sets the number of kills (20 by default); BUDGETWEB_SEED replays a run's choices.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_worker_at_random_moments_never_leaves_a_half_written_operation()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BUDGETWEB_SEED"), out var s) ? s : Random.Shared.Next(1, 1_000_000);
        var kills = int.TryParse(Environment.GetEnvironmentVariable("BUDGETWEB_KILLS"), out var k) ? k : 20;
        output.WriteLine($"BUDGETWEB_SEED={seed} BUDGETWEB_KILLS={kills}");
        Console.WriteLine($"Crash test: BUDGETWEB_SEED={seed} BUDGETWEB_KILLS={kills}");
        var random = new Random(seed);
        var folder = TestDatabase.NewFolder();
        Directory.CreateDirectory(folder);
        for (var kill = 1; kill <= kills; kill++)
        {
            await using var worker = ChildProcess.Start("BudgetWeb.Workload", ["crash", folder, (seed * 1000 + kill).ToString()]);

            // A quarter of the kills land anywhere from start-up on (migrations, setup); the rest a moment after the
            // worker finished 0 to 6 steps of this run, so that they hit every kind of step, cold and warm.
            if (random.Next(4) == 0)
            {
                await Task.Delay(random.Next(0, 3000));
            }
            else
            {
                var steps = random.Next(0, 7);
                await worker.WaitForLineAsync(steps == 0 ? "^ready$" : $"^done {steps}$", ChildProcess.Patience);
                await Task.Delay(random.Next(0, 700));
            }

            Assert.False(worker.HasExited, $"The worker stopped by itself (seed {seed}, kill {kill}):\n{worker.Output}");
            await worker.KillAsync();

            var problems = await CrashWorkload.FindProblemsAsync(folder);
            Assert.True(problems.Count == 0, $"After kill {kill} of run BUDGETWEB_SEED={seed} (data kept in {folder}):\n{string.Join("\n", problems)}");
            if (kills > 20)
            {
                Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} kill {kill}/{kills} checked"); // progress of a long campaign
            }
        }

        var acks = File.Exists(CrashWorkload.AckPath(folder)) ? File.ReadAllLines(CrashWorkload.AckPath(folder)).Length : 0;
        var begun = File.Exists(CrashWorkload.IntentPath(folder)) ? File.ReadAllLines(CrashWorkload.IntentPath(folder)).Length : 0;
        output.WriteLine($"{kills} kills, {begun} operations begun, {acks} acknowledged, {begun - acks} cut short by a kill.");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true); // only after a pass: a failed run's data stays for a post-mortem
    }
}
