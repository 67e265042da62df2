using BudgetWeb.Features.Transfers;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One transfer through <see cref="TransferService"/> (validation, the funds and shortfall checks, the operation record,
/// the serializable transaction) against the rows it writes, written in raw ADO.NET with nothing read or checked: an
/// operation, the debit and the credit (two budgets changed, two journal entries) and the transfer, in one transaction.
/// Two categories of their own with a large budget and no expenses, so every transfer succeeds.
/// </summary>
internal static class TransferBenchmark
{
    private static readonly DateOnly Month = new(2026, 3, 1);

    public static (double ServiceMs, double RawMs) Run(IServiceProvider services, BenchDatabase database)
    {
        var (from, to) = Setup(database);
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
        var raw = Timing.Median(() => RawTransfer(database, from, to));
        return (service, raw);
    }

    private static (int From, int To) Setup(BenchDatabase database)
    {
        var provider = database.Provider;
        using var connection = database.Connect();
        int Category(string name)
        {
            var id = Convert.ToInt32(connection.Scalar(
                """INSERT INTO "Categories" ("Name", "NormalizedName", "CreatedAt", "Version") VALUES (@n, upper(@n), '2026-01-01', @v) RETURNING "Id" """,
                ("n", name), ("v", provider.StoredGuid(Guid.NewGuid()))));
            connection.Execute(
                """
                INSERT INTO "Operations" ("Key", "UserId", "Kind", "Summary", "Details", "CreatedAt") VALUES (@k, @u, 'BudgetSet', 'bench', '{}', '2026-01-01');
                INSERT INTO "BudgetAllocations" ("UserId", "CategoryId", "Month", "AmountCents", "Version") VALUES (@u, @c, @m, 100000000, @v);
                INSERT INTO "BudgetJournal" ("AllocationId", "OperationId", "Kind", "DeltaCents", "CreatedAt")
                    SELECT "Id", (SELECT MAX("Id") FROM "Operations"), 'Set', 100000000, '2026-01-01' FROM "BudgetAllocations" WHERE "UserId" = @u AND "CategoryId" = @c AND "Month" = @m;
                """,
                ("k", provider.StoredGuid(Guid.NewGuid())), ("u", database.UserId), ("c", id), ("m", Month), ("v", provider.StoredGuid(Guid.NewGuid())));
            return id;
        }

        return (Category("Transfer from"), Category("Transfer to"));
    }

    private static void RawTransfer(BenchDatabase database, int from, int to)
    {
        var provider = database.Provider;
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        transaction.Execute(
            """
            INSERT INTO "Operations" ("Key", "UserId", "Kind", "Summary", "Details", "CreatedAt") VALUES (@k, @u, 'BudgetTransferred', 'Moved $0.01', '{}', '2026-03-01');
            UPDATE "BudgetAllocations" SET "AmountCents" = "AmountCents" - 1, "Version" = @v WHERE "UserId" = @u AND "CategoryId" = @from AND "Month" = @m;
            INSERT INTO "BudgetJournal" ("AllocationId", "OperationId", "Kind", "DeltaCents", "CreatedAt")
                SELECT "Id", (SELECT MAX("Id") FROM "Operations"), 'TransferOut', -1, '2026-03-01' FROM "BudgetAllocations" WHERE "UserId" = @u AND "CategoryId" = @from AND "Month" = @m;
            UPDATE "BudgetAllocations" SET "AmountCents" = "AmountCents" + 1, "Version" = @v WHERE "UserId" = @u AND "CategoryId" = @to AND "Month" = @m;
            INSERT INTO "BudgetJournal" ("AllocationId", "OperationId", "Kind", "DeltaCents", "CreatedAt")
                SELECT "Id", (SELECT MAX("Id") FROM "Operations"), 'TransferIn', 1, '2026-03-01' FROM "BudgetAllocations" WHERE "UserId" = @u AND "CategoryId" = @to AND "Month" = @m;
            INSERT INTO "Transfers" ("UserId", "FromCategoryId", "ToCategoryId", "Month", "AmountCents", "OperationId", "CreatedAt")
                VALUES (@u, @from, @to, @m, 1, (SELECT MAX("Id") FROM "Operations"), '2026-03-01');
            """,
            ("k", provider.StoredGuid(Guid.NewGuid())), ("u", database.UserId), ("v", provider.StoredGuid(Guid.NewGuid())), ("from", from), ("to", to), ("m", Month));
        transaction.Commit();
    }
}
