using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BudgetWeb.Tests.Infrastructure;

public static class UserState
{
    /// <summary>
    /// Every table a user can change, as rows: what an undo must put back exactly. Left out: Operations and the budget
    /// journal (the record of what happened, which an undo adds to), allocation and category versions (concurrency
    /// tokens, renewed by every change) and allocations at zero (an undone budget leaves its allocation at zero, with its journal).
    /// </summary>
    public static async Task<string> UserStateAsync(this TestDatabase database)
    {
        string[] queries =
        [
            "SELECT \"Id\", \"Name\", \"NormalizedName\", \"CreatedAt\" FROM \"Categories\" ORDER BY \"Id\"",
            "SELECT \"UserId\", \"CategoryId\", \"Month\", \"AmountCents\" FROM \"BudgetAllocations\" WHERE \"AmountCents\" <> 0 ORDER BY \"UserId\", \"CategoryId\", \"Month\"",
            "SELECT * FROM \"Expenses\" ORDER BY \"Id\"",
            "SELECT * FROM \"Transfers\" ORDER BY \"Id\"",
            "SELECT * FROM \"ImportBatches\" ORDER BY \"Id\"",
            "SELECT * FROM \"CarryOverSettings\" ORDER BY \"Id\"",
        ];
        await using DbConnection connection = database.PostgresDatabase is null
            ? new SqliteConnection($"Data Source={database.FilePath};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(TestPostgres.ConnectionString(database.PostgresDatabase));
        await connection.OpenAsync();
        var text = new StringBuilder();
        foreach (var query in queries)
        {
            text.Append("## ").AppendLine(query);
            await using var select = connection.CreateCommand();
            select.CommandText = query;
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
