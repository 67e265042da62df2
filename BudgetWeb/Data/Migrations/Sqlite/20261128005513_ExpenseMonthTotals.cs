using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.Sqlite
{
    /// <summary>
    /// Per-user monthly totals (count and sum per category and month) kept by triggers on Expenses, so no code path can
    /// forget them; filled from the expenses already there. Indexes for the list's sorts by amount and description;
    /// the covering sums index goes (the sums read the totals now).
    /// </summary>
    public partial class ExpenseMonthTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Expenses_Sums",
                table: "Expenses");

            migrationBuilder.CreateTable(
                name: "ExpenseMonthTotals",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpenseCount = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpenseMonthTotals", x => new { x.UserId, x.Month, x.CategoryId });
                    table.ForeignKey(
                        name: "FK_ExpenseMonthTotals_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpenseMonthTotals_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Expenses_UserId_Amount",
                table: "Expenses",
                columns: new[] { "UserId", "AmountCents", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Expenses_UserId_CategoryId_Amount",
                table: "Expenses",
                columns: new[] { "UserId", "CategoryId", "AmountCents", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Expenses_UserId_Description",
                table: "Expenses",
                columns: new[] { "UserId", "Description", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Categories_Name",
                table: "Categories",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_ExpenseMonthTotals_CategoryId",
                table: "ExpenseMonthTotals",
                column: "CategoryId");

            CreateTriggers(migrationBuilder);

            migrationBuilder.Sql("""
                INSERT INTO "ExpenseMonthTotals" ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
                SELECT "UserId", substr("Date", 1, 8) || '01', "CategoryId", COUNT(*), SUM("AmountCents") FROM "Expenses"
                GROUP BY "UserId", substr("Date", 1, 8) || '01', "CategoryId";
                """);
        }

        /// <summary>
        /// The triggers that keep ExpenseMonthTotals in step with every change to Expenses. Also called by any later
        /// migration that rebuilds the Expenses table (SQLite drops a table's triggers with it).
        /// </summary>
        internal static void CreateTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_MonthTotals" AFTER INSERT ON "Expenses" BEGIN
                    INSERT INTO "ExpenseMonthTotals" ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
                    VALUES (new."UserId", substr(new."Date", 1, 8) || '01', new."CategoryId", 1, new."AmountCents")
                    ON CONFLICT ("UserId", "Month", "CategoryId") DO UPDATE SET
                        "ExpenseCount" = "ExpenseCount" + 1, "AmountCents" = "AmountCents" + excluded."AmountCents";
                END;
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_MonthTotals_Delete" AFTER DELETE ON "Expenses" BEGIN
                    UPDATE "ExpenseMonthTotals" SET "ExpenseCount" = "ExpenseCount" - 1, "AmountCents" = "AmountCents" - old."AmountCents"
                    WHERE "UserId" = old."UserId" AND "Month" = substr(old."Date", 1, 8) || '01' AND "CategoryId" = old."CategoryId";
                    DELETE FROM "ExpenseMonthTotals"
                    WHERE "UserId" = old."UserId" AND "Month" = substr(old."Date", 1, 8) || '01' AND "CategoryId" = old."CategoryId" AND "ExpenseCount" = 0;
                END;
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_MonthTotals_Update" AFTER UPDATE OF "UserId", "Date", "CategoryId", "AmountCents" ON "Expenses" BEGIN
                    INSERT INTO "ExpenseMonthTotals" ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
                    VALUES (new."UserId", substr(new."Date", 1, 8) || '01', new."CategoryId", 1, new."AmountCents")
                    ON CONFLICT ("UserId", "Month", "CategoryId") DO UPDATE SET
                        "ExpenseCount" = "ExpenseCount" + 1, "AmountCents" = "AmountCents" + excluded."AmountCents";
                    UPDATE "ExpenseMonthTotals" SET "ExpenseCount" = "ExpenseCount" - 1, "AmountCents" = "AmountCents" - old."AmountCents"
                    WHERE "UserId" = old."UserId" AND "Month" = substr(old."Date", 1, 8) || '01' AND "CategoryId" = old."CategoryId";
                    DELETE FROM "ExpenseMonthTotals"
                    WHERE "UserId" = old."UserId" AND "Month" = substr(old."Date", 1, 8) || '01' AND "CategoryId" = old."CategoryId" AND "ExpenseCount" = 0;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Expenses_MonthTotals_Update";
                """);

            migrationBuilder.Sql("""
                DROP TRIGGER "Expenses_MonthTotals_Delete";
                """);

            migrationBuilder.Sql("""
                DROP TRIGGER "Expenses_MonthTotals";
                """);

            migrationBuilder.DropTable(
                name: "ExpenseMonthTotals");

            migrationBuilder.DropIndex(
                name: "IX_Categories_Name",
                table: "Categories");

            migrationBuilder.DropIndex(
                name: "IX_Expenses_UserId_Amount",
                table: "Expenses");

            migrationBuilder.DropIndex(
                name: "IX_Expenses_UserId_CategoryId_Amount",
                table: "Expenses");

            migrationBuilder.DropIndex(
                name: "IX_Expenses_UserId_Description",
                table: "Expenses");

            migrationBuilder.CreateIndex(
                name: "IX_Expenses_Sums",
                table: "Expenses",
                columns: new[] { "UserId", "Date", "CategoryId", "AmountCents" });
        }
    }
}
