using System.IO.Compression;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Tests.Infrastructure;

namespace BudgetWeb.Tests.Features;

public sealed class AccountExportTests : AccountTestBase
{
    private async Task<Dictionary<string, string>> ExportAsync(TestUser user)
    {
        using var zipped = new MemoryStream();
        await using (var destination = new AsyncOnlyStream(zipped))
        {
            await As<AccountExport>(user).WriteZipAsync(user.Id, destination);
        }

        zipped.Position = 0;
        using var zip = new ZipArchive(zipped, ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    private static List<string> Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    [Fact]
    public async Task The_zip_has_every_file_with_my_rows_and_none_of_anyone_elses()
    {
        await SeedEverythingAsync(Alice, "Alice");
        await SeedEverythingAsync(Bob, "Bob");

        var files = await ExportAsync(Alice);

        Assert.Equal(AccountExport.Files.Order(), files.Keys.Order());
        Assert.All(files.Values, text => Assert.DoesNotContain("Bob", text));
        Assert.Contains("expenses.csv", files["README.txt"]);
        Assert.Contains("apostrophe", files["README.txt"]);

        Assert.Equal(
            ["Email,Phone number,Registered (UTC),Administrator,Two-factor authentication"],
            Lines(files["account.csv"]).Take(1));
        Assert.StartsWith("alice@example.com,,", Lines(files["account.csv"])[1]);
        Assert.EndsWith(",no,off", Lines(files["account.csv"])[1]);

        var expenses = Lines(files["expenses.csv"]);
        Assert.Equal("Id,Date,Description,Category,Amount,Amount (cents),Note,Split group,Import,Created (UTC)", expenses[0]);
        Assert.Equal(4, expenses.Count - 1); // the two split parts, the formula-like one, the imported one
        Assert.Contains(expenses, l => l.Contains(",2026-03-03,Alice groceries,Food,$10.00,1000,Alice note,"));
        Assert.Contains(expenses, l => l.Contains(",2026-03-03,Alice groceries,Rent,$2.50,250,Alice note,"));
        Assert.Contains(expenses, l => l.Contains(",2026-03-05,Alice bakery,Food,$4.20,420,,,"));
        // The formula is escaped the way the import report escapes it: an apostrophe, and quoted.
        Assert.Contains(expenses, l => l.Contains(",2026-03-04,\"'=HYPERLINK(\"\"http://evil\"\",\"\"Alice\"\")\",Fun,$1.00,100,"));

        var budgets = Lines(files["budgets.csv"]);
        Assert.Equal("Id,Month,Category,Allocated,Allocated (cents)", budgets[0]);
        Assert.Equal([",2026-03,Food,$375.00,37500", ",2026-03,Fun,$75.00,7500"], budgets.Skip(1).Select(l => l[l.IndexOf(',')..]));

        var journal = Lines(files["budget-journal.csv"]);
        Assert.Equal(4, journal.Count - 1);
        Assert.Contains(journal, l => l.Contains(",2026-03,Food,TransferOut,-$25.00,-2500,"));
        Assert.Contains(journal, l => l.Contains(",2026-03,Fun,TransferIn,$25.00,2500,"));

        Assert.Contains(",2026-03,Food,Fun,$25.00,2500,Alice transfer,", Lines(files["transfers.csv"])[1]);
        Assert.Contains(",Alice-bank.csv,", Lines(files["imports.csv"])[1]);
        Assert.Contains(",1,1,Imported,", Lines(files["imports.csv"])[1]);
        Assert.Equal("Id,Order,Description,Text,Category,Created (UTC)", Lines(files["rules.csv"])[0]);
        Assert.Contains(",1,contains,Alice bakery,Food,", Lines(files["rules.csv"])[1]);
        Assert.Equal(2, Lines(files["rules.csv"]).Count);

        var activity = Lines(files["activity.csv"]);
        Assert.Equal("Id,When (UTC),What,Summary,Details", activity[0]);
        Assert.Equal(["ExpenseAdded", "ExpenseAdded", "BudgetSet", "BudgetSet", "BudgetTransferred", "ImportCompleted", "CarryOverChanged", "ExpenseSplit", "RuleAdded"],
            activity.Skip(1).Select(l => l.Split(',')[2]));
    }

    [Fact]
    public async Task A_user_with_nothing_gets_every_file_with_just_its_header()
    {
        var files = await ExportAsync(Bob);

        Assert.Equal(AccountExport.Files.Order(), files.Keys.Order());
        foreach (var name in AccountExport.Files.Where(f => f.EndsWith(".csv") && f != "account.csv"))
        {
            Assert.Single(Lines(files[name]));
        }
    }
}

/// <summary>A destination that, like an HTTP response, refuses blocking writes.</summary>
public sealed class AsyncOnlyStream(Stream inner) : Stream
{
    public long BytesWritten { get; private set; }
    public int Writes { get; private set; }
    public int LargestWrite { get; private set; }

    /// <summary>Called on every write with the bytes written so far, e.g. to sample memory while the export runs.</summary>
    public Action<AsyncOnlyStream>? OnWrite { get; init; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => throw new InvalidOperationException("Synchronous flush: an HTTP response refuses it.");
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write: an HTTP response refuses it.");

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        BytesWritten += buffer.Length;
        Writes++;
        LargestWrite = Math.Max(LargestWrite, buffer.Length);
        OnWrite?.Invoke(this);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    protected override void Dispose(bool disposing) { }
}
