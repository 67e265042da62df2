using System.IO.Compression;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BudgetWeb.Tests.Features;

/// <summary>Alone, so that no other test's allocations show in the heap it measures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}

[Collection(MemoryMeasurementCollection.Name)]
public sealed class AccountExportMemoryTests : AccountTestBase
{
    private const int Expenses = 40_000;
    private static readonly string Note = new('n', 400);

    /// <summary>Plain INSERTs in one transaction: the services would take minutes for this many rows.</summary>
    private async Task SeedExpensesAsync(TestUser user, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={Database.FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Expenses (UserId, Date, Description, AmountCents, CategoryId, Note, CreatedAt, Version)
            VALUES ($user, '2026-03-03', $description, $cents, $category, $note, '2026-03-03 10:00:00', $version)
            """;
        var description = insert.Parameters.Add("$description", SqliteType.Text);
        var cents = insert.Parameters.Add("$cents", SqliteType.Integer);
        var version = insert.Parameters.Add("$version", SqliteType.Text);
        insert.Parameters.AddWithValue("$user", user.Id);
        insert.Parameters.AddWithValue("$category", Food);
        insert.Parameters.AddWithValue("$note", Note);
        for (var i = 1; i <= count; i++)
        {
            description.Value = $"Expense {i}";
            cents.Value = i;
            version.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public async Task A_large_export_streams_out_while_the_memory_it_holds_stays_flat()
    {
        await SeedExpensesAsync(Alice, Expenses);
        var export = As<AccountExport>(Alice);
        var zipFile = Path.Combine(Database.Folder, "export.zip");
        var baseline = LiveHeap();
        long peak = 0;

        await using (var file = File.Create(zipFile))
        await using (var destination = new AsyncOnlyStream(file)
        {
            // Sample the live heap now and then while rows are flowing (a full collection per sample is slow).
            OnWrite = d =>
            {
                if (d.Writes % 25 == 0)
                {
                    peak = Math.Max(peak, LiveHeap() - baseline);
                }
            },
        })
        {
            await export.WriteZipAsync(Alice.Id, destination);
            // Out as it is produced: many small writes, not one big one at the end.
            Assert.True(destination.Writes > 10 && destination.LargestWrite <= 128 * 1024, $"{destination.Writes} writes, the largest {destination.LargestWrite:N0} bytes");
        }

        using var zip = ZipFile.OpenRead(zipFile);
        var expenses = zip.GetEntry("expenses.csv")!;
        using (var reader = new StreamReader(expenses.Open()))
        {
            var lines = 0;
            while (await reader.ReadLineAsync() is not null)
            {
                lines++;
            }

            Assert.Equal(Expenses + 1, lines);
        }

        // What an export holding its rows would need: the CSV text alone, as .NET strings, is twice its UTF-8 length.
        var held = expenses.Length * 2;
        Assert.True(expenses.Length > 16_000_000, $"expenses.csv is {expenses.Length:N0} bytes");
        Assert.True(peak < held / 8, $"the live heap grew by {peak:N0} bytes during an export whose expenses alone are {expenses.Length:N0} bytes of CSV");
    }
}
