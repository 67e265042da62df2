using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.Sqlite
{
    /// <summary>
    /// SQLite only: a full-text index over expense descriptions (FTS5, trigram tokenizer), so that searching for
    /// text anywhere in a description uses an index instead of reading every row. Triggers keep it in step with
    /// Expenses inside the same transaction. SQL Server searches with LIKE.
    /// </summary>
    public partial class ExpenseSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ExpenseSearch" USING fts5("Description", content='Expenses', content_rowid='Id', tokenize='trigram');
                """);
            CreateTriggers(migrationBuilder);
            migrationBuilder.Sql("""INSERT INTO "ExpenseSearch" ("ExpenseSearch") VALUES ('rebuild');""");
        }

        /// <summary>
        /// The triggers that keep the index in step with Expenses. SQLite drops them with the table, so a migration that
        /// rebuilds Expenses (a changed CHECK constraint) creates them again, and then, if it comes after
        /// ExpenseSearchInBulk but before ImportTriggersOff, calls <see cref="ExpenseSearchInBulk.CreateInsertTrigger"/>:
        /// in between, this insert trigger would index an import's rows a second time. Since ImportTriggersOff these
        /// are the triggers again.
        /// </summary>
        internal static void CreateTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_Search_Insert" AFTER INSERT ON "Expenses" BEGIN
                    INSERT INTO "ExpenseSearch" (rowid, "Description") VALUES (new."Id", new."Description");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_Search_Delete" AFTER DELETE ON "Expenses" BEGIN
                    INSERT INTO "ExpenseSearch" ("ExpenseSearch", rowid, "Description") VALUES ('delete', old."Id", old."Description");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_Search_Update" AFTER UPDATE OF "Description" ON "Expenses" BEGIN
                    INSERT INTO "ExpenseSearch" ("ExpenseSearch", rowid, "Description") VALUES ('delete', old."Id", old."Description");
                    INSERT INTO "ExpenseSearch" (rowid, "Description") VALUES (new."Id", new."Description");
                END;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Expenses_Search_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "Expenses_Search_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Expenses_Search_Insert";""");
            migrationBuilder.Sql("""DROP TABLE "ExpenseSearch";""");
        }
    }
}
