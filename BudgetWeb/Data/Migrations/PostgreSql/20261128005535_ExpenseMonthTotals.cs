using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.PostgreSql
{
    /// <summary>
    /// Per-user monthly totals (count and sum per category and month) kept by statement-level triggers on Expenses, so no code path can
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
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpenseCount = table.Column<long>(type: "bigint", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.Sql("""
                CREATE FUNCTION "Expenses_MonthTotals"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Statement-level, over the transition tables: a bulk change adds up its rows per month once.
                    -- Totals rows are always locked in key order (the ORDER BYs), so two transactions changing the
                    -- same user's months wait for each other instead of deadlocking.
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO "ExpenseMonthTotals" AS t ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
                        SELECT "UserId", CAST(date_trunc('month', "Date") AS date), "CategoryId", COUNT(*), SUM("AmountCents") FROM new_rows
                        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                        ON CONFLICT ("UserId", "Month", "CategoryId") DO UPDATE SET
                            "ExpenseCount" = t."ExpenseCount" + excluded."ExpenseCount", "AmountCents" = t."AmountCents" + excluded."AmountCents";
                    END IF;
                    IF TG_OP IN ('DELETE', 'UPDATE') THEN
                        PERFORM 1 FROM "ExpenseMonthTotals" AS t
                        JOIN (SELECT DISTINCT "UserId", CAST(date_trunc('month', "Date") AS date) AS m, "CategoryId" FROM old_rows) AS d
                            ON t."UserId" = d."UserId" AND t."Month" = d.m AND t."CategoryId" = d."CategoryId"
                        ORDER BY t."UserId", t."Month", t."CategoryId" FOR UPDATE OF t;
                        UPDATE "ExpenseMonthTotals" AS t SET "ExpenseCount" = t."ExpenseCount" - d.n, "AmountCents" = t."AmountCents" - d.a
                        FROM (SELECT "UserId", CAST(date_trunc('month', "Date") AS date) AS m, "CategoryId", COUNT(*) AS n, SUM("AmountCents") AS a FROM old_rows GROUP BY 1, 2, 3) AS d
                        WHERE t."UserId" = d."UserId" AND t."Month" = d.m AND t."CategoryId" = d."CategoryId";
                        DELETE FROM "ExpenseMonthTotals" AS t
                        USING (SELECT DISTINCT "UserId", CAST(date_trunc('month', "Date") AS date) AS m, "CategoryId" FROM old_rows) AS d
                        WHERE t."UserId" = d."UserId" AND t."Month" = d.m AND t."CategoryId" = d."CategoryId" AND t."ExpenseCount" = 0;
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_MonthTotals" AFTER INSERT ON "Expenses" REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION "Expenses_MonthTotals"();
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_MonthTotals_Update" AFTER UPDATE ON "Expenses" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION "Expenses_MonthTotals"();
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "Expenses_MonthTotals_Delete" AFTER DELETE ON "Expenses" REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION "Expenses_MonthTotals"();
                """);

            migrationBuilder.Sql("""
                INSERT INTO "ExpenseMonthTotals" ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
                SELECT "UserId", CAST(date_trunc('month', "Date") AS date), "CategoryId", COUNT(*), SUM("AmountCents") FROM "Expenses"
                GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Expenses_MonthTotals_Delete" ON "Expenses";
                """);

            migrationBuilder.Sql("""
                DROP TRIGGER "Expenses_MonthTotals_Update" ON "Expenses";
                """);

            migrationBuilder.Sql("""
                DROP TRIGGER "Expenses_MonthTotals" ON "Expenses";
                """);

            migrationBuilder.Sql("""
                DROP FUNCTION "Expenses_MonthTotals"();
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
