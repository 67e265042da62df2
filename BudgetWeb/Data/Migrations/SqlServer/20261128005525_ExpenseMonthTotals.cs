using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.SqlServer
{
    /// <summary>
    /// Per-user monthly totals (count and sum per category and month) kept by a trigger on Expenses, so no code path can
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
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    CategoryId = table.Column<int>(type: "int", nullable: false),
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

            // CREATE TRIGGER must start a batch; EXEC gives it one inside the idempotent script's IF blocks too.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [Expenses_MonthTotals] ON [Expenses] AFTER INSERT, UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    MERGE [ExpenseMonthTotals] WITH (HOLDLOCK) AS t
                    USING (
                        SELECT [UserId], [Month], [CategoryId], SUM(N) AS N, SUM(A) AS A
                        FROM (
                            SELECT [UserId], DATEFROMPARTS(YEAR([Date]), MONTH([Date]), 1) AS [Month], [CategoryId], CAST(1 AS bigint) AS N, [AmountCents] AS A FROM inserted
                            UNION ALL
                            SELECT [UserId], DATEFROMPARTS(YEAR([Date]), MONTH([Date]), 1), [CategoryId], CAST(-1 AS bigint), -[AmountCents] FROM deleted
                        ) AS c
                        GROUP BY [UserId], [Month], [CategoryId]
                        HAVING SUM(N) <> 0 OR SUM(A) <> 0
                    ) AS d
                    ON t.[UserId] = d.[UserId] AND t.[Month] = d.[Month] AND t.[CategoryId] = d.[CategoryId]
                    WHEN MATCHED AND t.[ExpenseCount] + d.N = 0 THEN DELETE
                    WHEN MATCHED THEN UPDATE SET [ExpenseCount] = t.[ExpenseCount] + d.N, [AmountCents] = t.[AmountCents] + d.A
                    WHEN NOT MATCHED THEN INSERT ([UserId], [Month], [CategoryId], [ExpenseCount], [AmountCents]) VALUES (d.[UserId], d.[Month], d.[CategoryId], d.N, d.A);
                END;');
                """);

            migrationBuilder.Sql("""
                INSERT INTO [ExpenseMonthTotals] ([UserId], [Month], [CategoryId], [ExpenseCount], [AmountCents])
                SELECT [UserId], DATEFROMPARTS(YEAR([Date]), MONTH([Date]), 1), [CategoryId], COUNT_BIG(*), SUM([AmountCents]) FROM [Expenses]
                GROUP BY [UserId], DATEFROMPARTS(YEAR([Date]), MONTH([Date]), 1), [CategoryId];
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER [Expenses_MonthTotals];
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
