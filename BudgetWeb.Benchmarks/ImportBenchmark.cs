using System.Diagnostics;
using System.Globalization;
using System.Text;
using BudgetWeb.Data;
using BudgetWeb.Features.Import;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// CSV import speed: a file of <c>rows</c> rows, 1% invalid and 0.1% in a category deleted after the preview (so
/// those chunks are replayed row by row), through preview + "Import valid rows"; the baseline is a prepared INSERT
/// loop of the same rows in one transaction into an identically migrated database, in the same run.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(Func<string, Task<(IServiceProvider Services, string File, string UserId)>> newDatabase, int rows)
    {
        await RunAsync(newDatabase, rows, refusedRows: false);
        await RunAsync(newDatabase, rows, refusedRows: true);
    }

    private static async Task RunAsync(Func<string, Task<(IServiceProvider Services, string File, string UserId)>> newDatabase, int rows, bool refusedRows)
    {
        var (services, file, userId) = await newDatabase("import");
        var categories = await SeedCategoriesAsync(services);
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
        var (rawServices, rawFile, rawUser) = await newDatabase("raw");
        var rawCategories = await SeedCategoriesAsync(rawServices);
        watch.Restart();
        RawInsert(rawFile, rawUser, rawCategories, preview.Rows.Where(r => r.Status == ImportRowStatus.Ok && r.Category != "Vanishing").ToList());
        var rawSeconds = watch.Elapsed.TotalSeconds;

        Console.WriteLine($"Import of {rows:N0} rows ({report.Count(ImportOutcome.Invalid):N0} invalid, {report.Count(ImportOutcome.Failed):N0} refused by the database of {vanishing} expected):");
        Console.WriteLine($"  preview                {previewSeconds,7:F2} s  {rows / previewSeconds,9:N0} rows/s");
        Console.WriteLine($"  import valid rows      {importSeconds,7:F2} s  {imported / importSeconds,9:N0} rows/s");
        Console.WriteLine($"  baseline: raw INSERTs  {rawSeconds,7:F2} s  {imported / rawSeconds,9:N0} rows/s");
        Console.WriteLine($"  import / baseline time {importSeconds / rawSeconds,7:F2}x   (preview + import: {(previewSeconds + importSeconds) / rawSeconds:F2}x)");
        var name = refusedRows ? "import_refused" : "import";
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_preview {rows / previewSeconds:F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_import {imported / importSeconds:F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_end_to_end {imported / (previewSeconds + importSeconds):F0} rows/s"));
        Console.WriteLine(FormattableString.Invariant($"BENCH {name}_{rows}_raw_insert {imported / rawSeconds:F0} rows/s"));
    }

    private static async Task<Dictionary<string, int>> SeedCategoriesAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync();
        var names = Enumerable.Range(0, 20).Select(i => $"Category {i}").Append("Vanishing").ToList();
        db.Categories.AddRange(names.Select(n => new BudgetWeb.Data.Entities.Category(n) { CreatedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
        return await db.Categories.ToDictionaryAsync(c => c.Name, c => c.Id);
    }

    private static void RawInsert(string file, string userId, Dictionary<string, int> categories, List<PreviewRow> rows)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Expenses (UserId, Date, Description, AmountCents, CategoryId, ImportKey, CreatedAt, Version) VALUES ($u, $d, $s, $a, $c, $k, $t, $v)";
        var (u, d, s, a, c, k, t, v) = (insert.Parameters.Add("$u", SqliteType.Text), insert.Parameters.Add("$d", SqliteType.Text), insert.Parameters.Add("$s", SqliteType.Text),
            insert.Parameters.Add("$a", SqliteType.Integer), insert.Parameters.Add("$c", SqliteType.Integer), insert.Parameters.Add("$k", SqliteType.Text),
            insert.Parameters.Add("$t", SqliteType.Text), insert.Parameters.Add("$v", SqliteType.Text));
        insert.Prepare();
        foreach (var row in rows)
        {
            (u.Value, d.Value, s.Value, a.Value, c.Value, k.Value, t.Value, v.Value) =
                (userId, row.Date!.Value.ToString("yyyy-MM-dd"), row.Description, row.AmountCents, categories[row.Category], row.ImportKey, "2026-01-01", Guid.NewGuid().ToString());
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
