using System.IO.Compression;
using BudgetWeb.Common;
using BudgetWeb.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Accounts;

/// <summary>
/// "Download my data": a zip with one CSV per kind of thing the user owns and a README.txt. Rows go from the database
/// reader through the CSV writer into the zip and out, file by file, so the server never holds an export in memory.
/// Everything is written asynchronously: the destination is usually an HTTP response, which refuses blocking writes.
/// </summary>
public sealed class AccountExport(IDbContextFactory<BudgetDbContext> factory)
{
    public static readonly string[] Files = ["README.txt", "account.csv", "expenses.csv", "budgets.csv", "budget-journal.csv", "transfers.csv", "imports.csv", "rules.csv", "activity.csv"];

    public static string FileName(DateTime utcNow) => $"budgetweb-my-data-{utcNow:yyyy-MM-dd}.zip";

    public async Task WriteZipAsync(string userId, Stream destination, CancellationToken cancellationToken = default)
    {
        var output = new AsyncPassThrough(destination);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            await WriteEntriesAsync(db, zip, output, userId, cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }

    private static async Task WriteEntriesAsync(BudgetDbContext db, ZipArchive zip, AsyncPassThrough output, string userId, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;

        await WriteReadmeAsync(zip, ct);
        await output.FlushAsync(ct);

        var account = db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new
        {
            u.Email,
            u.PhoneNumber,
            u.RegisteredAt,
            IsAdmin = db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.AdminRoleId),
            u.TwoFactorEnabled,
        });
        await WriteCsvAsync(zip, "account.csv", ["Email", "Phone number", "Registered (UTC)", "Administrator", "Two-factor authentication"], account.AsAsyncEnumerable(), (csv, a) =>
        {
            csv.WriteField(a.Email);
            csv.WriteField(a.PhoneNumber);
            WriteTimestamp(csv, a.RegisteredAt);
            csv.WriteField(a.IsAdmin ? "yes" : "no");
            csv.WriteField(a.TwoFactorEnabled ? "on" : "off");
        }, ct);
        await output.FlushAsync(ct);

        var expenses = db.Expenses.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Date).ThenBy(e => e.Id).Select(e => new
        {
            e.Id, e.Date, e.Description, Category = e.Category!.Name, e.AmountCents, e.Note, e.SplitGroupId, e.ImportBatchId, e.CreatedAt,
        });
        await WriteCsvAsync(zip, "expenses.csv", ["Id", "Date", "Description", "Category", "Amount", "Amount (cents)", "Note", "Split group", "Import", "Created (UTC)"], expenses.AsAsyncEnumerable(), (csv, e) =>
        {
            csv.WriteField(e.Id, "");
            csv.WriteField(e.Date, "yyyy-MM-dd");
            csv.WriteField(e.Description);
            csv.WriteField(e.Category);
            WriteMoney(csv, e.AmountCents);
            csv.WriteField(e.Note);
            csv.WriteField(e.SplitGroupId, "");
            csv.WriteField(e.ImportBatchId, "");
            WriteTimestamp(csv, e.CreatedAt);
        }, ct);
        await output.FlushAsync(ct);

        var budgets = db.BudgetAllocations.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Month).ThenBy(a => a.Category!.Name).Select(a => new
        {
            a.Id, a.Month, Category = a.Category!.Name, a.AmountCents,
        });
        await WriteCsvAsync(zip, "budgets.csv", ["Id", "Month", "Category", "Allocated", "Allocated (cents)"], budgets.AsAsyncEnumerable(), (csv, b) =>
        {
            csv.WriteField(b.Id, "");
            csv.WriteField(b.Month, "yyyy-MM");
            csv.WriteField(b.Category);
            WriteMoney(csv, b.AmountCents);
        }, ct);
        await output.FlushAsync(ct);

        var journal = db.BudgetJournal.AsNoTracking().Where(j => j.Allocation!.UserId == userId).OrderBy(j => j.Id).Select(j => new
        {
            j.Id, j.AllocationId, j.Allocation!.Month, Category = j.Allocation.Category!.Name, j.Kind, j.DeltaCents, j.OperationId, j.CreatedAt,
        });
        await WriteCsvAsync(zip, "budget-journal.csv", ["Id", "Budget", "Month", "Category", "Kind", "Change", "Change (cents)", "Activity", "Created (UTC)"], journal.AsAsyncEnumerable(), (csv, j) =>
        {
            csv.WriteField(j.Id, "");
            csv.WriteField(j.AllocationId, "");
            csv.WriteField(j.Month, "yyyy-MM");
            csv.WriteField(j.Category);
            csv.WriteField(j.Kind.ToString());
            WriteMoney(csv, j.DeltaCents);
            csv.WriteField(j.OperationId, "");
            WriteTimestamp(csv, j.CreatedAt);
        }, ct);
        await output.FlushAsync(ct);

        var transfers = db.Transfers.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id).Select(t => new
        {
            t.Id, t.Month, From = t.FromCategory!.Name, To = t.ToCategory!.Name, t.AmountCents, t.Note, t.OperationId, t.CreatedAt,
        });
        await WriteCsvAsync(zip, "transfers.csv", ["Id", "Month", "From", "To", "Amount", "Amount (cents)", "Note", "Activity", "Created (UTC)"], transfers.AsAsyncEnumerable(), (csv, t) =>
        {
            csv.WriteField(t.Id, "");
            csv.WriteField(t.Month, "yyyy-MM");
            csv.WriteField(t.From);
            csv.WriteField(t.To);
            WriteMoney(csv, t.AmountCents);
            csv.WriteField(t.Note);
            csv.WriteField(t.OperationId, "");
            WriteTimestamp(csv, t.CreatedAt);
        }, ct);
        await output.FlushAsync(ct);

        var imports = db.ImportBatches.AsNoTracking().Where(b => b.UserId == userId).OrderBy(b => b.Id);
        await WriteCsvAsync(zip, "imports.csv", ["Id", "File", "SHA-256", "Rows in file", "Rows imported", "Status", "Activity", "Created (UTC)"], imports.AsAsyncEnumerable(), (csv, b) =>
        {
            csv.WriteField(b.Id, "");
            csv.WriteField(b.FileName);
            csv.WriteField(b.FileHash);
            csv.WriteField(b.TotalRows, "");
            csv.WriteField(b.ImportedRows, "");
            csv.WriteField(b.Status.ToString());
            csv.WriteField(b.OperationId, "");
            WriteTimestamp(csv, b.CreatedAt);
        }, ct);
        await output.FlushAsync(ct);

        var rules = db.CategorizationRules.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Position, r.Match, r.Text, Category = r.Category!.Name, r.CreatedAt });
        await WriteCsvAsync(zip, "rules.csv", ["Id", "Order", "Description", "Text", "Category", "Created (UTC)"], rules.AsAsyncEnumerable(), (csv, r) =>
        {
            csv.WriteField(r.Id, "");
            csv.WriteField(r.Position, "");
            csv.WriteField(Rules.RuleText.Name(r.Match));
            csv.WriteField(r.Text);
            csv.WriteField(r.Category);
            WriteTimestamp(csv, r.CreatedAt);
        }, ct);
        await output.FlushAsync(ct);

        var activity = db.Operations.AsNoTracking().Where(o => o.UserId == userId).OrderBy(o => o.Id);
        await WriteCsvAsync(zip, "activity.csv", ["Id", "When (UTC)", "What", "Summary", "Details"], activity.AsAsyncEnumerable(), (csv, o) =>
        {
            csv.WriteField(o.Id, "");
            WriteTimestamp(csv, o.CreatedAt);
            csv.WriteField(o.Kind.ToString());
            csv.WriteField(o.Summary);
            csv.WriteField(o.Details);
        }, ct);
        await output.FlushAsync(ct);
    }

    /// <summary>The amount as the installation shows money, then the exact cents for a program to read.</summary>
    private static void WriteMoney(CsvWriter csv, long cents)
    {
        csv.WriteField(Money.FromCents(cents), "C", Formatting.Culture);
        csv.WriteField(cents, "");
    }

    private static void WriteTimestamp(CsvWriter csv, DateTime utc) => csv.WriteField(utc, "yyyy-MM-dd HH:mm:ss");

    private static async Task WriteCsvAsync<T>(ZipArchive zip, string name, string[] header, IAsyncEnumerable<T> rows, Action<CsvWriter, T> writeFields, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await using var csv = SafeCsv.Create(stream);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }

        await csv.EndRecordAsync(cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            writeFields(csv, row);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static async Task WriteReadmeAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry("README.txt", CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await using var text = new StreamWriter(stream, leaveOpen: true);
        await text.WriteAsync(Readme.ReplaceLineEndings("\r\n").AsMemory(), cancellationToken);
        await text.FlushAsync(cancellationToken);
    }

    private static string Readme => $"""
        Your data from BudgetWeb
        ========================

        Every file is a CSV (comma separated, UTF-8, first line = column names) that a spreadsheet opens.
        Money appears twice: as this installation shows it (e.g. {Formatting.Money(123456)}), and as a whole
        number of cents, which is exact. Times are UTC. Dates are year-month-day.
        A text cell that would start with = + - or @ begins with an apostrophe ('), so that a spreadsheet shows
        it as text instead of running it as a formula.

        account.csv         your account: email, phone number, when you registered, whether you are an
                            administrator and whether two-factor authentication is on.
        expenses.csv        every expense: date, description, category, amount, note; parts of one split
                            expense share a split group; imported ones name their import (see imports.csv).
        budgets.csv         what you allocated per category and month (the current amount).
        budget-journal.csv  every change to those budgets (set, transfer out/in, merge, undo); the changes of
                            one budget add up to its amount in budgets.csv. "Activity" is the line in activity.csv
                            that made the change.
        transfers.csv       budget you moved from one category to another within a month.
        imports.csv         the CSV files you imported, how many of their rows were imported, and whether
                            the import was reverted.
        rules.csv           your categorization rules for imports, in the order they are tried: when a row's
                            description contains / starts with / equals Text, it goes to Category.
        activity.csv        everything you did, oldest first, as the Activity page shows it; "Details" is what
                            BudgetWeb keeps to undo it (ids and amounts, as JSON).

        Categories are shared by everyone in this installation; only their names appear here.
        """;

    /// <summary>
    /// Between the zip and the response. ZipArchive ends an entry, and the archive, with blocking writes, which an HTTP
    /// response refuses; those few bytes wait here and go out with the next asynchronous write or flush. Everything
    /// else passes through in chunks of at most <see cref="ChunkBytes"/>, so this never holds more than about one.
    /// </summary>
    private sealed class AsyncPassThrough(Stream destination) : Stream
    {
        private const int ChunkBytes = 64 * 1024;
        private readonly MemoryStream _pending = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _pending.Write(buffer.Span);
            if (_pending.Length >= ChunkBytes)
            {
                await SendAsync(cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
            // Sent by the next asynchronous write or flush.
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await SendAsync(cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }

        private async Task SendAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length > 0)
            {
                await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                _pending.SetLength(0);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
