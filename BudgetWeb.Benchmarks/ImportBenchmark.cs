using System.Diagnostics;
using System.Globalization;
using System.Text;
using BudgetWeb.Data;
using BudgetWeb.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// CSV import speed: a file of <c>rows</c> rows, 1% invalid and 0.1% in a category deleted after the preview (so
/// those chunks are replayed row by row), through preview + "Import valid rows"; the baseline is a prepared INSERT
/// loop of the same rows in one transaction into an identically migrated database, in the same run, and the floor the
/// provider's best bulk load of them (<see cref="BenchProvider.BulkInsertExpenses"/>).
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(Func<string, Task<BenchDatabase>> newDatabase, int rows)
    {
        await RunAsync(newDatabase, rows, refusedRows: false);
        await RunAsync(newDatabase, rows, refusedRows: true);
    }

    private static async Task RunAsync(Func<string, Task<BenchDatabase>> newDatabase, int rows, bool refusedRows)
    {
        var database = await newDatabase("import");
        var (services, userId) = (database.Services, database.UserId);
        await SeedCategoriesAsync(services);
        var csv = new StringBuilder("Date,Description,Amount,Category\n");
        var random = new Random(7);
        var vanishing = 0;
        for (var i = 1; i <= rows; i++)
        {
            var amount = i % 100 == 0 ? "abc" : (random.Next(1, 50_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            var category = refusedRows && i % 1000 == 550 ? "Vanishing" : $"Category {random.Next(20)}";
            vanishing += category == "Vanishing" ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"{new DateOnly(2025, 1, 1).AddDays(random.Next(365)):yyyy-MM-dd},Purchase {i},{amount},{category}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        await using var scope = services.CreateAsyncScope();
        BenchmarkUser.Id = userId;
        var importer = scope.ServiceProvider.GetRequiredService<ImportService>();

        var watch = Stopwatch.StartNew();
        var preview = (await importer.PreviewAsync(bytes, "bench.csv", new ImportOptions())).Value!;
        var previewSeconds = watch.Elapsed.TotalSeconds;
        await using (var db = await services.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync())
        {
            await db.Categories.Where(c => c.Name == "Vanishing").ExecuteDeleteAsync();
        }

        watch.Restart();
        var (result, report) = await importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());
        var importSeconds = watch.Elapsed.TotalSeconds;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Message);
        }

        var imported = report!.Count(ImportOutcome.Imported);
        var raw = await newDatabase("raw");
        var rawCategories = await SeedCategoriesAsync(raw.Services);
        watch.Restart();
        var rawRows = preview.Rows.Where(r => r.Status == ImportRowStatus.Ok && r.Category != "Vanishing")
            .Select(r => new RawExpense(raw.UserId, r.Date!.Value, r.Description, r.AmountCents, rawCategories[r.Category], r.ImportKey));
        using (var connection = raw.Connect())
        {
            raw.Provider.InsertExpensesOneByOne(connection, rawRows);
        }

        var rawSeconds = watch.Elapsed.TotalSeconds;
        var floor = await newDatabase("floor");
        var floorCategories = await SeedCategoriesAsync(floor.Services);
        watch.Restart();
        using (var connection = floor.Connect())
        {
            floor.Provider.BulkInsertExpenses(connection, preview.Rows.Where(r => r.Status == ImportRowStatus.Ok && r.Category != "Vanishing")
                .Select(r => new RawExpense(floor.UserId, r.Date!.Value, r.Description, r.AmountCents, floorCategories[r.Category], r.ImportKey)));
        }

        var floorSeconds = watch.Elapsed.TotalSeconds;

        Console.WriteLine($"{database.Provider.Name}: import of {rows:N0} rows ({report.Count(ImportOutcome.Invalid):N0} invalid, {report.Count(ImportOutcome.Failed):N0} refused by the database of {vanishing} expected):");
        Console.WriteLine($"  preview                {previewSeconds,7:F2} s  {rows / previewSeconds,9:N0} rows/s");
        Console.WriteLine($"  import valid rows      {importSeconds,7:F2} s  {imported / importSeconds,9:N0} rows/s");
        Console.WriteLine($"  baseline: raw INSERTs  {rawSeconds,7:F2} s  {imported / rawSeconds,9:N0} rows/s");
        Console.WriteLine($"  floor: best by hand    {floorSeconds,7:F2} s  {imported / floorSeconds,9:N0} rows/s");
        Console.WriteLine($"  import / baseline time {importSeconds / rawSeconds,7:F2}x   (preview + import: {(previewSeconds + importSeconds) / rawSeconds:F2}x)");
        Console.WriteLine($"  import / floor time    {importSeconds / floorSeconds,7:F2}x   (preview + import: {(previewSeconds + importSeconds) / floorSeconds:F2}x)");
        var name = refusedRows ? "import_refused" : "import";
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_preview {rows / previewSeconds:F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_import {imported / importSeconds:F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_end_to_end {imported / (previewSeconds + importSeconds):F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_raw_insert {imported / rawSeconds:F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_floor {imported / floorSeconds:F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_import_vs_floor {importSeconds / floorSeconds:F2} ratio"));
    }

    private static async Task<Dictionary<string, int>> SeedCategoriesAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync();
        var names = Enumerable.Range(0, 20).Select(i => $"Category {i}").Append("Vanishing").ToList();
        db.Categories.AddRange(names.Select(n => new BudgetWeb.Data.Entities.Category(n) { CreatedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
        return await db.Categories.ToDictionaryAsync(c => c.Name, c => c.Id);
    }
}
