using System.Diagnostics;
using BudgetWeb.Features.Transfers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One transfer through <see cref="TransferService"/> (validation, the funds and shortfall checks, the operation record,
/// the serializable transaction) against the rows it writes, written in raw ADO.NET with nothing read or checked: an
/// operation, the debit and the credit (two budgets changed, two journal entries) and the transfer, in one transaction.
/// Two categories of their own with a large budget and no expenses, so every transfer succeeds.
/// </summary>
internal static class TransferBenchmark
{
    private const string Month = "2026-03-01";

    public static async Task<(double ServiceMs, double RawMs)> RunAsync(IServiceProvider services, string file, string userId)
    {
        var (from, to) = Setup(file, userId);
        var transfers = services.GetRequiredService<TransferService>();
        var input = new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = new DateTime(2026, 3, 1), Amount = 0.01m };
        var service = Timing.Median(() =>
        {
            var result = transfers.MoveAsync(input, Guid.NewGuid()).GetAwaiter().GetResult();
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(result.Message);
            }
        });
        var raw = Timing.Median(() => RawTransfer(file, userId, from, to));
        return (service, raw);
    }

    private static (int From, int To) Setup(string file, string userId)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        int Category(string name)
        {
            using var category = connection.CreateCommand();
            category.CommandText = "INSERT INTO Categories (Name, NormalizedName, CreatedAt, Version) VALUES ($n, upper($n), '2026-01-01', $v) RETURNING Id";
            category.Parameters.AddWithValue("$n", name);
            category.Parameters.AddWithValue("$v", Guid.NewGuid());
            var id = Convert.ToInt32(category.ExecuteScalar());
            using var budget = connection.CreateCommand();
            budget.CommandText = """
                INSERT INTO Operations (Key, UserId, Kind, Summary, Details, CreatedAt) VALUES ($k, $u, 'BudgetSet', 'bench', '{}', '2026-01-01');
                INSERT INTO BudgetAllocations (UserId, CategoryId, Month, AmountCents, Version) VALUES ($u, $c, $m, 100000000, $v);
                INSERT INTO BudgetJournal (AllocationId, OperationId, Kind, DeltaCents, CreatedAt) VALUES (last_insert_rowid(), (SELECT MAX(Id) FROM Operations), 'Set', 100000000, '2026-01-01');
                """;
            budget.Parameters.AddWithValue("$k", Guid.NewGuid());
            budget.Parameters.AddWithValue("$u", userId);
            budget.Parameters.AddWithValue("$c", id);
            budget.Parameters.AddWithValue("$m", Month);
            budget.Parameters.AddWithValue("$v", Guid.NewGuid());
            budget.ExecuteNonQuery();
            return id;
        }

        return (Category("Transfer from"), Category("Transfer to"));
    }

    private static void RawTransfer(string file, string userId, int from, int to)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO Operations (Key, UserId, Kind, Summary, Details, CreatedAt) VALUES ($k, $u, 'BudgetTransferred', 'Moved $0.01', '{}', '2026-03-01');
            UPDATE BudgetAllocations SET AmountCents = AmountCents - 1, Version = $v WHERE UserId = $u AND CategoryId = $from AND Month = $m;
            INSERT INTO BudgetJournal (AllocationId, OperationId, Kind, DeltaCents, CreatedAt)
                SELECT Id, (SELECT MAX(Id) FROM Operations), 'TransferOut', -1, '2026-03-01' FROM BudgetAllocations WHERE UserId = $u AND CategoryId = $from AND Month = $m;
            UPDATE BudgetAllocations SET AmountCents = AmountCents + 1, Version = $v WHERE UserId = $u AND CategoryId = $to AND Month = $m;
            INSERT INTO BudgetJournal (AllocationId, OperationId, Kind, DeltaCents, CreatedAt)
                SELECT Id, (SELECT MAX(Id) FROM Operations), 'TransferIn', 1, '2026-03-01' FROM BudgetAllocations WHERE UserId = $u AND CategoryId = $to AND Month = $m;
            INSERT INTO Transfers (UserId, FromCategoryId, ToCategoryId, Month, AmountCents, OperationId, CreatedAt)
                VALUES ($u, $from, $to, $m, 1, (SELECT MAX(Id) FROM Operations), '2026-03-01');
            """;
        command.Parameters.AddWithValue("$k", Guid.NewGuid());
        command.Parameters.AddWithValue("$u", userId);
        command.Parameters.AddWithValue("$v", Guid.NewGuid());
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$m", Month);
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
