using System.Data.Common;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BudgetWeb.Features.Import;

/// <summary>
/// Inserts expenses with prepared INSERTs on the context's own connection and transaction: an import's rows are
/// only ever added, so the change tracker's per-row work buys nothing. Column names and parameter conversions come
/// from the EF model and the provider's type mappings, so a row is stored exactly as SaveChanges would store it.
/// On PostgreSQL and SQL Server several rows go in one multi-row INSERT, so the statement-level trigger that keeps the
/// monthly totals fires once per statement instead of once per row.
/// </summary>
public sealed class ExpenseRowWriter(BudgetDbContext db) : IAsyncDisposable
{
    private static readonly string[] Columns =
    [
        nameof(Expense.UserId), nameof(Expense.Date), nameof(Expense.Description), nameof(Expense.AmountCents), nameof(Expense.CategoryId),
        nameof(Expense.Note), nameof(Expense.ImportBatchId), nameof(Expense.ImportKey), nameof(Expense.CreatedAt), nameof(Expense.Version),
    ];

    /// <summary>
    /// Rows per INSERT statement. SQLite: one (Microsoft.Data.Sqlite binds parameters by name, which is quadratic in
    /// their count; 500-row statements measured slower, and its totals trigger is per row anyway). SQL Server: its
    /// 2,100 parameters per command, with room to spare. PostgreSQL: a whole chunk of the import (its limit, 65,535
    /// parameters, is far above), so a chunk is one statement.
    /// </summary>
    public int RowsPerStatement { get; } =
        db.Database.IsSqlServer() ? 2_000 / Columns.Length
        : db.Database.IsNpgsql() ? Math.Min(ImportService.ChunkSize, 65_535 / Columns.Length)
        : 1;

    // The full-size statement and the one other size last used (a chunk's remainder), each built once.
    private DbCommand? _full, _other;
    private int _otherRows;
    private IProperty[] _properties = [];
    private RelationalTypeMapping[] _mappings = [];
    private ISqlGenerationHelper? _sql;
    private string _insertInto = "";
    private readonly List<string> _names = [];

    /// <summary>The rows of one statement the database refused: <see cref="Count"/> is 1 when the row is known.</summary>
    public sealed record Refusal(int Index, int Count, Exception Error);

    /// <summary>
    /// Inserts the rows in order, several per statement unless <paramref name="oneRowPerStatement"/>. With
    /// <paramref name="stopAtRefusal"/>, the first statement that breaks a constraint (unique, foreign key, check) ends
    /// the run and is returned with its rows' place in the list; any other failure is thrown.
    /// </summary>
    public async Task<Refusal?> InsertAsync(IReadOnlyList<Expense> expenses, bool stopAtRefusal, CancellationToken cancellationToken, bool oneRowPerStatement = false)
    {
        var size = oneRowPerStatement ? 1 : RowsPerStatement;
        for (var first = 0; first < expenses.Count; first += size)
        {
            var count = Math.Min(size, expenses.Count - first);
            var command = CommandFor(count);
            command.Parameters.Clear();
            for (var row = 0; row < count; row++)
            {
                var expense = expenses[first + row];
                object?[] values = [expense.UserId, expense.Date, expense.Description, expense.AmountCents, expense.CategoryId, expense.Note, expense.ImportBatchId, expense.ImportKey, expense.CreatedAt, expense.Version];
                for (var i = 0; i < values.Length; i++)
                {
                    // The mapping converts and types the value as SaveChanges would (e.g. a Guid as upper-case text on SQLite).
                    command.Parameters.Add(_mappings[i].CreateParameter(command, ParameterName(row * Columns.Length + i), values[i], _properties[i].IsNullable));
                }
            }

            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Exception error) when (stopAtRefusal && DatabaseErrorClassifier.Classify(error) is DatabaseErrorKind.Unique or DatabaseErrorKind.ForeignKey or DatabaseErrorKind.Check)
            {
                return new Refusal(first, count, error);
            }
        }

        return null;
    }

    /// <summary>The INSERT statement for <paramref name="rows"/> rows, as the database is sent it.</summary>
    public string InsertSql(int rows)
    {
        if (_sql is null)
        {
            var entity = db.Model.FindEntityType(typeof(Expense))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            _sql = db.GetService<ISqlGenerationHelper>();
            _properties = Columns.Select(c => entity.FindProperty(c)!).ToArray();
            _mappings = _properties.Select(p => (RelationalTypeMapping)p.GetTypeMapping()).ToArray();
            _insertInto = $"INSERT INTO {_sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";
        }

        return _insertInto + string.Join(", ", Enumerable.Range(0, rows)
            .Select(row => $"({string.Join(", ", Enumerable.Range(row * Columns.Length, Columns.Length).Select(ParameterName))})"));
    }

    private DbCommand CommandFor(int rows)
    {
        if (rows == RowsPerStatement)
        {
            return _full ??= Create(rows);
        }

        if (_other is not null && _otherRows != rows)
        {
            _other.Dispose();
            _other = null;
        }

        _otherRows = rows;
        return _other ??= Create(rows);
    }

    private DbCommand Create(int rows)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = InsertSql(rows);
        return command;
    }

    private string ParameterName(int index)
    {
        if (index >= _names.Count)
        {
            _names.AddRange(Enumerable.Range(_names.Count, index + 1 - _names.Count).Select(i => _sql!.GenerateParameterName($"p{i}")));
        }

        return _names[index];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _full, _other })
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
    }
}
