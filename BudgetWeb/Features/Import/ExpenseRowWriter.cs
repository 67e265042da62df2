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
/// Inserts expenses with one prepared INSERT on the context's own connection and transaction: an import's rows are
/// only ever added, so the change tracker's per-row work buys nothing. Column names and parameter conversions come
/// from the EF model and the provider's type mappings, so a row is stored exactly as SaveChanges would store it.
/// </summary>
internal sealed class ExpenseRowWriter(BudgetDbContext db) : IAsyncDisposable
{
    private static readonly string[] Columns =
    [
        nameof(Expense.UserId), nameof(Expense.Date), nameof(Expense.Description), nameof(Expense.AmountCents), nameof(Expense.CategoryId),
        nameof(Expense.Note), nameof(Expense.ImportBatchId), nameof(Expense.ImportKey), nameof(Expense.CreatedAt), nameof(Expense.Version),
    ];

    private DbCommand? _command;
    private IProperty[] _properties = [];
    private RelationalTypeMapping[] _mappings = [];
    private string[] _names = [];

    /// <summary>
    /// Inserts the rows in order. With <paramref name="stopAtRefusal"/>, the first row that breaks a constraint
    /// (unique, foreign key, check) ends the run and is returned with its index; any other failure is thrown.
    /// </summary>
    public async Task<(int Index, Exception Error)?> InsertAsync(IReadOnlyList<Expense> expenses, bool stopAtRefusal, CancellationToken cancellationToken)
    {
        var command = _command ??= await PrepareAsync(cancellationToken);
        for (var index = 0; index < expenses.Count; index++)
        {
            var expense = expenses[index];
            object?[] values = [expense.UserId, expense.Date, expense.Description, expense.AmountCents, expense.CategoryId, expense.Note, expense.ImportBatchId, expense.ImportKey, expense.CreatedAt, expense.Version];
            command.Parameters.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                // The mapping converts and types the value as SaveChanges would (e.g. a Guid as upper-case text on SQLite).
                command.Parameters.Add(_mappings[i].CreateParameter(command, _names[i], values[i], _properties[i].IsNullable));
            }

            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Exception error) when (stopAtRefusal && DatabaseErrorClassifier.Classify(error) is DatabaseErrorKind.Unique or DatabaseErrorKind.ForeignKey or DatabaseErrorKind.Check)
            {
                return (index, error);
            }
        }

        return null;
    }

    private Task<DbCommand> PrepareAsync(CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(Expense))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        _properties = Columns.Select(c => entity.FindProperty(c)!).ToArray();
        _mappings = _properties.Select(p => (RelationalTypeMapping)p.GetTypeMapping()).ToArray();
        _names = _properties.Select((_, i) => sql.GenerateParameterName($"p{i}")).ToArray();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", _names)})";
        return Task.FromResult(command);
    }

    public async ValueTask DisposeAsync()
    {
        if (_command is not null)
        {
            await _command.DisposeAsync();
        }
    }
}
