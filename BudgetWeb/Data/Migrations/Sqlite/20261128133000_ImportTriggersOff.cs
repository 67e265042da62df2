using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.Sqlite
{
    /// <summary>
    /// SQLite only (the other providers keep the search index and the monthly totals per statement, not per row): an
    /// import now takes the two insert triggers off inside its own transaction and fills the search index and the
    /// monthly totals for its rows in one statement each before it commits
    /// (<see cref="BudgetWeb.Features.Expenses.ExpenseBulkFill"/>). A trigger that is merely skipped (the WHEN clause of
    /// ExpenseSearchInBulk) still costs SQLite a statement journal and a trigger program per row: on a bare insert loop
    /// of 100,000 rows, 21,600–26,400 rows/s with the triggers skipped against 34,500–44,800 with them gone (and about
    /// half that again with the totals' upsert run per row). So the search index's insert trigger is the plain one of
    /// migration ExpenseSearch again, and "ExpenseSearchDeferred" is dropped. A later migration that rebuilds Expenses
    /// calls <see cref="ExpenseSearch.CreateTriggers"/> and <see cref="ExpenseMonthTotals.CreateTriggers"/> and keeps
    /// the triggers' names: an import finds the two it takes off by name and refuses to run without them. No model
    /// change, so no migration for the other providers.
    /// </summary>
    public partial class ImportTriggersOff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Expenses_Search_Insert";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_Search_Insert" AFTER INSERT ON "Expenses" BEGIN
                    INSERT INTO "ExpenseSearch" (rowid, "Description") VALUES (new."Id", new."Description");
                END;
                """);
            migrationBuilder.Sql("""DROP TABLE "ExpenseSearchDeferred";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE TABLE "ExpenseSearchDeferred" ("ImportBatchId" INTEGER NOT NULL CONSTRAINT "PK_ExpenseSearchDeferred" PRIMARY KEY);""");
            ExpenseSearchInBulk.CreateInsertTrigger(migrationBuilder);
        }
    }
}
