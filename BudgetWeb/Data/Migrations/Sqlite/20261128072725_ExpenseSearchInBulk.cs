using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.Sqlite
{
    /// <summary>
    /// SQLite only (the full-text index exists only there): an import fills the search index for its rows in one
    /// statement instead of one trigger call per row. FTS5 writes its pending terms out at the end of every statement,
    /// so a row-by-row fill makes a tiny index segment per row; that was half the import's time. An import batch named
    /// in "ExpenseSearchDeferred" is skipped by the insert trigger, and the import indexes its rows itself in the same
    /// transaction. No model change, so no migration for the other providers. Replaced by ImportTriggersOff: a skipped
    /// trigger still cost a statement journal per row, so an import now takes the insert triggers off instead.
    /// </summary>
    public partial class ExpenseSearchInBulk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE TABLE "ExpenseSearchDeferred" ("ImportBatchId" INTEGER NOT NULL CONSTRAINT "PK_ExpenseSearchDeferred" PRIMARY KEY);""");
            CreateInsertTrigger(migrationBuilder);
        }

        /// <summary>
        /// The search index's insert trigger as it was from this migration until ImportTriggersOff, whose Down puts it
        /// back. Only a migration between those two that rebuilt Expenses would call it (after
        /// <see cref="ExpenseSearch.CreateTriggers"/>); a later one must not: it reads "ExpenseSearchDeferred", which
        /// ImportTriggersOff drops, so every insert would fail.
        /// </summary>
        internal static void CreateInsertTrigger(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Expenses_Search_Insert";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_Search_Insert" AFTER INSERT ON "Expenses"
                WHEN new."ImportBatchId" IS NULL OR NOT EXISTS (SELECT 1 FROM "ExpenseSearchDeferred" WHERE "ImportBatchId" = new."ImportBatchId")
                BEGIN
                    INSERT INTO "ExpenseSearch" (rowid, "Description") VALUES (new."Id", new."Description");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Expenses_Search_Insert";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_Search_Insert" AFTER INSERT ON "Expenses" BEGIN
                    INSERT INTO "ExpenseSearch" (rowid, "Description") VALUES (new."Id", new."Description");
                END;
                """);
            migrationBuilder.Sql("""DROP TABLE "ExpenseSearchDeferred";""");
        }
    }
}
