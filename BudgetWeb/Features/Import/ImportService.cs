using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Rules;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Import;

/// <summary>
/// CSV import: a preview that says what will happen to every row, then an import that does exactly that, in
/// one transaction. "Import valid rows" isolates a row the database refuses (on SQLite by its statement alone; elsewhere
/// with savepoints, one per chunk of rows, a refused row rolled back to it and the rest of the chunk written again);
/// "All or nothing" imports nothing if any row is unusable. Rows are written with prepared commands
/// (<see cref="ExpenseRowWriter"/>; several rows per statement where the database allows), not through the change
/// tracker, and on SQLite the search index and the monthly totals are filled for them in one statement each after the
/// last row (<see cref="ExpenseBulkFill"/>).
/// </summary>
public sealed class ImportService(IDbContextFactory<BudgetDbContext> factory, TransactionRunner runner, DatabaseErrorTranslator translator, CurrentUser currentUser, ImportSettings settings)
{
    public const int ChunkSize = 500;
    private const int KeysPerQuery = 10_000;

    public ImportSettings Settings => settings;

    /// <summary>
    /// The file's first rows and format for the mapping step: the mapping this user confirmed for the same header last
    /// time when there is one, otherwise what <see cref="BankFileDetector"/> finds in the file.
    /// </summary>
    public async Task<Result<BankFileLayout>> DetectAsync(byte[] content, char? delimiter = null, CancellationToken cancellationToken = default)
    {
        var detected = BankFileDetector.Detect(content, delimiter);
        if (!detected.Succeeded)
        {
            return detected;
        }

        var layout = detected.Value!;
        var userId = await currentUser.GetIdAsync();
        var hash = HeaderHash(layout.HeaderKey);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var saved = await db.ImportProfiles.AsNoTracking().Where(p => p.UserId == userId && p.HeaderHash == hash).Select(p => p.Format).FirstOrDefaultAsync(cancellationToken);
        return saved is not null && JsonSerializer.Deserialize<BankFileFormat>(saved) is { } remembered && remembered.FitsHeader(layout.Header.Count)
            ? Result.Ok(layout with { Format = remembered, DateChoices = [remembered.DateFormat], Remembered = true }, detected.Message)
            : detected;
    }

    public async Task<Result<ImportPreview>> PreviewAsync(byte[] content, string fileName, ImportOptions options, CancellationToken cancellationToken = default, IProgress<int>? rowsRead = null)
    {
        if (content.LongLength > settings.MaxBytes)
        {
            return Result.Fail<ImportPreview>(FailureKind.Validation, settings.TooLarge);
        }

        var read = options.Format is { } format
            ? CsvExpenseReader.Read(content, format, rowsRead)
            : CsvExpenseReader.Read(content, Formatting.Culture, options.NegativeAmountsAreExpenses, rowsRead);
        if (!read.Succeeded)
        {
            return Result.Fail<ImportPreview>(read.Failure!.Value, read.Message);
        }

        var file = read.Value!;
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var categories = new PreviewCategories(
            await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
            await RuleService.ListAsync(db, userId, cancellationToken),
            options.ChosenCategories);
        using var importKeys = new ImportKeys();
        var keyed = file.Rows.Select(row => (Row: row, Key: row.Problem is null ? importKeys.Next(row.Date!.Value, row.AmountCents, row.Description) : null)).ToList();
        var existing = await ExistingKeysAsync(db, userId, keyed.Where(k => k.Key is not null).Select(k => k.Key!).ToList(), cancellationToken);
        var rows = keyed.Select(k => categories.Classify(k.Row, k.Key, k.Key is not null && existing.Contains(k.Key))).ToList();
        var importedBefore = await db.ImportBatches.AnyAsync(b => b.UserId == userId && b.FileHash == file.Hash && b.Status == ImportBatchStatus.Imported, cancellationToken);
        return Result.Ok(new ImportPreview(Path.GetFileName(fileName), file.Hash, importedBefore, file.ReadAsLatin1, options, rows), $"{rows.Count} rows");
    }

    public async Task<ImportResult> ImportAsync(ImportPreview preview, ImportMode mode, Guid operationKey, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        ImportReport? report = null;
        var result = await runner.RunAsync(new OperationRequest(userId, OperationKind.ImportCompleted, operationKey, QueuedPerUser: true), async scope =>
        {
            var outcomes = preview.Rows.ToDictionary(r => r.Number, r => r.Status switch
            {
                ImportRowStatus.Duplicate => new RowOutcome(ImportOutcome.Duplicate, r.Reason),
                ImportRowStatus.Skipped => new RowOutcome(ImportOutcome.Skipped, r.Reason),
                _ when preview.WouldImport(r) => new RowOutcome(ImportOutcome.Imported, null),
                _ => new RowOutcome(ImportOutcome.Invalid, r.Reason),
            });
            ImportReport Report(long? batchId) => new(batchId, preview.FileName, preview.Rows
                .Select(r => new ReportRow(r.Number, r.Description, r.AmountCents, outcomes[r.Number].Outcome, outcomes[r.Number].Reason, r.RawAmount)).ToList());

            var unusable = outcomes.Values.Where(o => o.Outcome == ImportOutcome.Invalid).ToList();
            if (mode == ImportMode.AllOrNothing && unusable.Count > 0)
            {
                // The report says what happened: nothing imported, and which rows would have been.
                foreach (var number in outcomes.Where(o => o.Value.Outcome == ImportOutcome.Imported).Select(o => o.Key).ToList())
                {
                    outcomes[number] = new RowOutcome(ImportOutcome.NotImported, $"row {number}: not imported, because the import was all or nothing");
                }

                report = Report(null);
                return Result.Fail(FailureKind.Validation, $"{Formatting.Count(unusable.Count, "row")} can't be imported ({unusable[0].Reason}), so nothing was imported.");
            }

            var candidates = preview.Rows.Where(preview.WouldImport).ToList();
            var created = await CreateMissingCategoriesAsync(scope, candidates.Where(r => r.CategoryId is null).ToList());
            var nowTaken = await ExistingKeysAsync(scope.Db, userId, candidates.Select(r => r.ImportKey!).ToList(), scope.CancellationToken);
            foreach (var row in candidates.Where(r => nowTaken.Contains(r.ImportKey!)))
            {
                outcomes[row.Number] = new RowOutcome(ImportOutcome.Duplicate, $"row {row.Number}: already imported"); // since the preview: reported, never silently skipped
            }

            candidates = candidates.Where(r => !nowTaken.Contains(r.ImportKey!)).ToList();
            if (candidates.Count == 0)
            {
                report = Report(null);
                return Result.Fail(FailureKind.NotFound, $"Nothing to import from {preview.FileName}: every row is a duplicate or can't be imported.");
            }

            var batch = new ImportBatch
            {
                UserId = userId,
                FileName = preview.FileName,
                FileHash = preview.FileHash,
                TotalRows = preview.Rows.Count,
                Status = ImportBatchStatus.Imported,
                Operation = scope.Operation,
                CreatedAt = scope.Now,
            };
            scope.Db.ImportBatches.Add(batch);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            var fill = await ExpenseBulkFill.StartAsync(scope.Db, batch.Id, scope.CancellationToken);
            var version = Guid.NewGuid(); // shared by every row: a row edited since has another, so an undo can tell

            Expense ToExpense(PreviewRow row) => new()
            {
                UserId = userId,
                Date = row.Date!.Value,
                Description = row.Description,
                AmountCents = row.AmountCents,
                CategoryId = row.CategoryId ?? created[Category.Normalize(row.Category)], // the category the preview showed
                Note = row.Note,
                ImportBatchId = batch.Id,
                ImportKey = row.ImportKey,
                CreatedAt = scope.Now,
                Version = version,
            };

            var done = 0;
            await using var writer = new ExpenseRowWriter(scope.Db);
            foreach (var chunk in candidates.Chunk(ChunkSize))
            {
                if (mode == ImportMode.AllOrNothing)
                {
                    await writer.InsertAsync(chunk.Select(ToExpense).ToList(), stopAtRefusal: false, scope.CancellationToken); // any failure fails the whole import
                }
                else
                {
                    await ImportChunkAsync(scope, writer, chunk, ToExpense, outcomes);
                }

                progress?.Report(done += chunk.Length);
            }

            await fill.FinishAsync(scope.CancellationToken);

            var imported = outcomes.Values.Count(o => o.Outcome == ImportOutcome.Imported);
            batch.ImportedRows = imported;
            if (preview.Options is { Format: { } format, HeaderKey: { } headerKey })
            {
                await RememberAsync(scope, userId, headerKey, format);
            }

            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            report = Report(batch.Id);
            scope.Record(new
            {
                BatchId = batch.Id,
                batch.FileName,
                batch.FileHash,
                Imported = imported,
                CreatedCategories = created.Values,
                Version = version,
            });
            // Categories are shared: the summary (and so everyone's Activity entry for it) names the ones this import made.
            var newCategories = await scope.Db.Categories.Where(c => created.Values.Contains(c.Id) && c.CreatedAt == scope.Now)
                .OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(scope.CancellationToken);
            var madeCategories = newCategories.Count == 0 ? "" : $" New {(newCategories.Count == 1 ? "category" : "categories")}: {string.Join(", ", newCategories)}.";
            return Result.Ok($"Imported {imported} of {Formatting.Count(preview.Rows.Count, "row")} from {preview.FileName} ({report.Count(ImportOutcome.Duplicate)} duplicates, {report.Count(ImportOutcome.Invalid)} invalid, {report.Count(ImportOutcome.Failed)} refused by the database{Skipped(report)}).{madeCategories}");
        }, cancellationToken);

        return new ImportResult(result, report);
    }

    /// <summary>
    /// "Save mapping": remembers the confirmed format for files with this header without importing anything, as a
    /// recorded operation; the next file with the same header opens with it.
    /// </summary>
    public async Task<Result> SaveMappingAsync(string headerKey, BankFileFormat format, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.ImportMappingSaved, operationKey), async scope =>
        {
            if (format.Incomplete() is { } missing)
            {
                return Result.Fail(FailureKind.Validation, missing);
            }

            var hash = HeaderHash(headerKey);
            var before = await scope.Db.ImportProfiles.Where(p => p.UserId == userId && p.HeaderHash == hash).Select(p => p.Format).FirstOrDefaultAsync(scope.CancellationToken);
            await RememberAsync(scope, userId, headerKey, format);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new MappingSaved(hash, before, JsonSerializer.Serialize(format)));
            return Result.Ok("Saved the mapping for files with this header.");
        }, cancellationToken);
    }

    /// <summary>The mapping a file was imported with, kept for the next file with the same header (the last one used wins).</summary>
    private static async Task RememberAsync(OperationScope scope, string userId, string headerKey, BankFileFormat format)
    {
        var hash = HeaderHash(headerKey);
        var profile = await scope.Db.ImportProfiles.FirstOrDefaultAsync(p => p.UserId == userId && p.HeaderHash == hash, scope.CancellationToken);
        if (profile is null)
        {
            profile = new ImportProfile { UserId = userId, HeaderHash = hash };
            scope.Db.ImportProfiles.Add(profile);
        }

        (profile.Format, profile.UpdatedAt) = (JsonSerializer.Serialize(format), scope.Now);
    }

    private static string HeaderHash(string headerKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(headerKey)));

    /// <summary>Skipped rows (credits) are named only in files that have them.</summary>
    private static string Skipped(ImportReport report) => report.Count(ImportOutcome.Skipped) is > 0 and var skipped ? $", {skipped} skipped" : "";

    public async Task<IReadOnlyList<ImportBatchSummary>> BatchesAsync(CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ImportBatches.AsNoTracking().Where(b => b.UserId == userId).OrderByDescending(b => b.Id)
            .Select(b => new ImportBatchSummary(b.Id, b.FileName, b.CreatedAt, b.TotalRows, b.ImportedRows, b.Status))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Writes rows under one savepoint (not on SQLite: see below). If the database refuses a row, everything since the
    /// savepoint is rolled back, the rows before the refused one are written again (they were fine), the refused row is
    /// reported, and writing goes on after it under a new savepoint: a refused row costs one partial rewrite of its
    /// chunk. A refused multi-row statement doesn't say which of its rows was refused: after the rows before it, its
    /// rows are tried one statement each until one is refused, so the refused row and its reason are those a row-by-row
    /// import finds. On SQLite (one row per statement), only the refused row's own statement is undone, and writing goes
    /// straight on.
    /// </summary>
    private async Task ImportChunkAsync(OperationScope scope, ExpenseRowWriter writer, PreviewRow[] rows, Func<PreviewRow, Expense> toExpense, Dictionary<int, RowOutcome> outcomes)
    {
        // SQLite backs out a refused statement by itself (triggers' writes included) and the transaction goes on, so there
        // a refused row costs only its own statement. A savepoint would make SQLite copy aside every page the chunk touches
        // first: measured, it halved the import's speed. After any error PostgreSQL refuses every statement until the
        // transaction rolls back, to a savepoint at least, hence its savepoints (and SQL Server's, which writes several rows
        // per statement too and goes the same way).
        var transaction = scope.Db.Database.IsSqlite() ? null : scope.Db.Database.CurrentTransaction!;
        var start = 0;
        while (start < rows.Length)
        {
            if (transaction is not null)
            {
                await transaction.CreateSavepointAsync("rows", scope.CancellationToken);
            }

            var pending = rows[start..];
            if (await writer.InsertAsync(pending.Select(toExpense).ToList(), stopAtRefusal: true, scope.CancellationToken) is not { } refused)
            {
                return;
            }

            if (transaction is not null)
            {
                await transaction.RollbackToSavepointAsync("rows", scope.CancellationToken);
                if (refused.Count > 1)
                {
                    await writer.InsertAsync(pending[..refused.Index].Select(toExpense).ToList(), stopAtRefusal: false, scope.CancellationToken);
                    if (await writer.InsertAsync(pending[refused.Index..].Select(toExpense).ToList(), stopAtRefusal: true, scope.CancellationToken, oneRowPerStatement: true) is not { } single)
                    {
                        return; // every row went in on its own: imported, as row by row
                    }

                    await transaction.RollbackToSavepointAsync("rows", scope.CancellationToken);
                    refused = single with { Index = refused.Index + single.Index };
                }

                await writer.InsertAsync(pending[..refused.Index].Select(toExpense).ToList(), stopAtRefusal: false, scope.CancellationToken);
            }

            var row = pending[refused.Index];
            var why = await translator.TranslateAsync(refused.Error, scope.CancellationToken);
            outcomes[row.Number] = new RowOutcome(ImportOutcome.Failed, $"row {row.Number}: {why.Message}");
            start += refused.Index + 1;
        }
    }

    /// <summary>
    /// Ids for the categories that rows marked "unknown category" name: created in this same transaction, or taken
    /// as they are if someone created one meanwhile. Rows shown as OK keep the category the preview showed.
    /// </summary>
    private static async Task<Dictionary<string, int>> CreateMissingCategoriesAsync(OperationScope scope, IReadOnlyList<PreviewRow> rows)
    {
        var names = rows.Select(r => r.Category.Trim()).DistinctBy(Category.Normalize).ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var normalized = names.Select(Category.Normalize).ToList();
        var ids = await scope.Db.Categories.Where(c => normalized.Contains(c.NormalizedName)).ToDictionaryAsync(c => c.NormalizedName, c => c.Id, scope.CancellationToken);
        var missing = names.Where(n => !ids.ContainsKey(Category.Normalize(n))).Select(n => new Category(n) { CreatedAt = scope.Now }).ToList();
        scope.Db.Categories.AddRange(missing);
        await scope.Db.SaveChangesAsync(scope.CancellationToken);
        foreach (var category in missing)
        {
            ids[category.NormalizedName] = category.Id;
        }

        return ids;
    }

    /// <summary>
    /// The keys already taken by the user's expenses. Each query sends its keys as one array-like parameter (JSON on
    /// SQLite and SQL Server, an array on PostgreSQL), not one parameter per key: SQLite binds parameters by name, and
    /// 500 of them per query made this lookup 1.8 s of a 100,000-row import (0.3 s this way).
    /// </summary>
    private static async Task<HashSet<string>> ExistingKeysAsync(BudgetDbContext db, string userId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>();
        foreach (var chunk in keys.Chunk(KeysPerQuery))
        {
            found.UnionWith(await db.Expenses.Where(e => e.UserId == userId && e.ImportKey != null && EF.Parameter(chunk).Contains(e.ImportKey)).Select(e => e.ImportKey!).ToListAsync(cancellationToken));
        }

        return found;
    }
}
