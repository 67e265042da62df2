using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Transfers;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Workload;

/// <summary>
/// One process's share of the race test: <c>writers</c> concurrent writers, each with its own scope (as separate
/// circuits would be), doing transfers and small imports on the household's shared categories. Every outcome is
/// appended to the results file as "ok|refused KIND KEY FAILURE: message".
/// </summary>
public static class RaceWorkload
{
    public static readonly string[] Emails = ["carol@example.com", "dave@example.com"];
    public static readonly string[] Categories = ["Groceries", "Bills", "Outings"];
    public static readonly DateOnly Month = new(2026, 5, 1);

    public static async Task RunAsync(string folder, int seed, int writers, int steps, string resultsPath, IReadOnlyList<string> settings)
    {
        await using var app = await WorkloadServices.OpenAsync(folder, migrate: false, settings);
        var household = await Household.EnsureAsync(app, Emails, Categories);
        await using var results = CrashWorkload.Append(resultsPath);
        var gate = new SemaphoreSlim(1);
        Console.WriteLine("ready");

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(seed * 100 + writer);
            for (var step = 0; step < steps; step++)
            {
                var user = household.Users[random.Next(household.Users.Count)];
                var key = CrashWorkload.NewKey(random);
                await using var scope = app.As(user);
                var (kind, result) = random.Next(3) == 0
                    ? ("import", await ImportAsync(scope.ServiceProvider.GetRequiredService<ImportService>(), random, key))
                    : ("transfer", await TransferAsync(scope.ServiceProvider.GetRequiredService<TransferService>(), household, random, key));
                await gate.WaitAsync();
                try
                {
                    await CrashWorkload.WriteLineAsync(results, $"{(result.Succeeded ? "ok" : "refused")} {kind} {key} {result.Failure}: {result.Message}");
                }
                finally
                {
                    gate.Release();
                }
            }
        })));
    }

    private static Task<Result> TransferAsync(TransferService transfers, Household household, Random random, Guid key)
    {
        var ids = household.Categories.Values.ToList();
        var from = ids[random.Next(ids.Count)];
        var to = ids.Where(id => id != from).ElementAt(random.Next(ids.Count - 1));
        var input = new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = Month.ToDateTime(TimeOnly.MinValue), Amount = random.Next(1, 5_000) / 100m };
        return transfers.MoveAsync(input, key);
    }

    private static async Task<Result> ImportAsync(ImportService imports, Random random, Guid key)
    {
        var csv = new StringBuilder("Date,Description,Amount,Category\n");
        for (var row = 0; row < random.Next(5, 40); row++)
        {
            var amount = row % 7 == 3 ? "not money" : (random.Next(1, 10_000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Spending in the month after the transfers' one: imports race with transfers for the database, not for the money.
            csv.Append($"2026-06-{random.Next(1, 29):00},{key:N}-{row},{amount},{Categories[random.Next(Categories.Length)]}\n");
        }

        var preview = await imports.PreviewAsync(Encoding.UTF8.GetBytes(csv.ToString()), $"{key:N}.csv", new ImportOptions());
        return preview.Succeeded ? (await imports.ImportAsync(preview.Value!, ImportMode.ValidRows, key)).Result : preview;
    }
}
