using System.Text.Json;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Integrity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Workload;

/// <summary>
/// The crash test's worker: a seeded random stream of <see cref="CrashSteps"/> on one data folder, run until killed.
/// Before a step: its intent is appended to <c>intents.jsonl</c>. After its commit returns: "ok KEY" (or "refused KEY
/// why") is appended to <c>acks.txt</c>. Both are flushed to disk before going on.
/// </summary>
public static class CrashWorkload
{
    public static readonly string[] Emails = ["alice@example.com", "bob@example.com"];
    public static readonly string[] Categories = ["Food", "Rent", "Fun", "Travel"];

    public static string AckPath(string folder) => Path.Combine(folder, "acks.txt");

    public static string IntentPath(string folder) => Path.Combine(folder, "intents.jsonl");

    /// <param name="settings">The database to work on in the app's <c>--Key=Value</c> form; SQLite in the folder by default.</param>
    public static async Task RunAsync(string folder, int seed, int? steps, IReadOnlyList<string>? settings = null)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(folder); // the acknowledgements live here, whichever database is used
        await using var app = await WorkloadServices.OpenAsync(folder, settings: settings);
        var household = await Household.EnsureAsync(app, Emails, Categories);
        await using var acks = Append(AckPath(folder));
        await using var intents = Append(IntentPath(folder));
        Console.WriteLine("ready");

        var weighted = CrashSteps.All.SelectMany(s => Enumerable.Repeat(s, s.Weight)).ToList();
        for (var done = 0; steps is null || done < steps;)
        {
            var step = weighted[random.Next(weighted.Count)];
            var user = household.Users[random.Next(household.Users.Count)];
            var key = NewKey(random);
            await using var scope = app.As(user);
            var context = new StepContext(random, app, household, scope, user);
            var planned = await step.PlanAsync(context, new Intent(key, step.Name, user.Id, Tag: "T" + key.ToString("N")[..16]));
            if (planned is null)
            {
                continue;
            }

            await WriteLineAsync(intents, JsonSerializer.Serialize(planned.Intent));
            var result = await planned.RunAsync();
            await WriteLineAsync(acks, result.Succeeded ? $"ok {key}" : $"refused {key} {step.Name} {result.Failure}: {result.Message}");
            Console.WriteLine($"done {++done}");
        }
    }

    public static Guid NewKey(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    internal static FileStream Append(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);

    internal static async Task WriteLineAsync(FileStream file, string line)
    {
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// What must hold after any kill: every integrity check passes, every acknowledged operation is in the database,
    /// nothing was refused, and the last operation begun either happened entirely (its Operation row and all its
    /// effects) or not at all.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindProblemsAsync(string folder)
    {
        var problems = new List<string>();
        var acks = File.Exists(AckPath(folder)) ? await File.ReadAllLinesAsync(AckPath(folder)) : [];
        problems.AddRange(acks.Where(a => !a.StartsWith("ok ")).Select(a => $"a step was refused: {a}"));
        var acked = acks.Where(a => a.StartsWith("ok ")).Select(a => Guid.Parse(a[3..])).ToList();
        var intents = File.Exists(IntentPath(folder)) ? await File.ReadAllLinesAsync(IntentPath(folder)) : [];
        if (!File.Exists(Path.Combine(folder, "budgetweb.db")))
        {
            return acked.Count == 0 ? problems : [.. problems, "the database file is gone"];
        }

        await using var app = await WorkloadServices.OpenAsync(folder, migrate: false);
        await using var db = await app.Factory.CreateDbContextAsync();
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            // Killed while the very first start-up was migrating: nothing can have been acknowledged yet.
            return acked.Count == 0 ? problems : [.. problems, "migrations are pending although operations were acknowledged"];
        }

        var report = await app.Services.GetRequiredService<IntegrityCheck>().RunAsync();
        problems.AddRange(report.Checks.Where(c => !c.Passed).Select(c => c.ToString()));

        var found = new HashSet<Guid>();
        foreach (var chunk in acked.Chunk(500))
        {
            found.UnionWith(await db.Operations.Where(o => chunk.Contains(o.Key)).Select(o => o.Key).ToListAsync());
        }

        problems.AddRange(acked.Where(k => !found.Contains(k)).Take(5).Select(k => $"acknowledged operation {k} is not in the database"));

        if (intents.Length > 0)
        {
            var last = JsonSerializer.Deserialize<Intent>(intents[^1])!;
            var recorded = await db.Operations.AnyAsync(o => o.Key == last.Key);
            var applied = await CrashSteps.Named(last.Step).AppliedAsync(db, last);
            if (applied != recorded)
            {
                problems.Add($"{last.Step} {last.Key}: Operation row {(recorded ? "present" : "absent")}, effects {applied switch { true => "all present", false => "absent", null => "partly present" }}");
            }
        }

        return problems;
    }
}
