using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.Sqlite
{
    /// <summary>
    /// Categorization rules, and refunds: an expense's amount may be negative, never zero. On SQLite the changed CHECK
    /// rebuilds Expenses, which drops its triggers (the search index's and the monthly totals'): they are created again.
    /// </summary>
    public partial class RulesAndRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CategorizationRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Match = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CategorizationRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CategorizationRules_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CategorizationRules_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CategorizationRules_CategoryId",
                table: "CategorizationRules",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_CategorizationRules_UserId_Position",
                table: "CategorizationRules",
                columns: new[] { "UserId", "Position" });

            RebuildExpenses(migrationBuilder, "CK_Expenses_Amount_NotZero", "AmountCents <> 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CategorizationRules");

            RebuildExpenses(migrationBuilder, "CK_Expenses_Amount_Positive", "AmountCents > 0");
        }

        /// <summary>
        /// SQLite can't alter a CHECK constraint: Expenses is copied into a table with the new one, as EF's own rebuild
        /// does, and its indexes (as the ExpenseMonthTotals migration left them) and its triggers (which DROP TABLE
        /// removes: the search index's and the monthly totals') are created again. Written here rather than left to EF
        /// because EF rebuilds only after every SQL step, which would leave the triggers out.
        /// Nothing references Expenses, so this runs with foreign keys on, inside the migration's transaction.
        /// </summary>
        private static void RebuildExpenses(MigrationBuilder migrationBuilder, string checkName, string checkSql)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "ef_temp_Expenses" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Expenses" PRIMARY KEY AUTOINCREMENT,
                    "AmountCents" INTEGER NOT NULL,
                    "CategoryId" INTEGER NOT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "Date" TEXT NOT NULL,
                    "Description" TEXT NOT NULL,
                    "ImportBatchId" INTEGER NULL,
                    "ImportKey" TEXT NULL,
                    "Note" TEXT NULL,
                    "SplitGroupId" TEXT NULL,
                    "UserId" TEXT NOT NULL,
                    "Version" TEXT NOT NULL,
                    CONSTRAINT "{checkName}" CHECK ({checkSql}),
                    CONSTRAINT "FK_Expenses_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
                    CONSTRAINT "FK_Expenses_Categories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "Categories" ("Id") ON DELETE RESTRICT,
                    CONSTRAINT "FK_Expenses_ImportBatches_ImportBatchId" FOREIGN KEY ("ImportBatchId") REFERENCES "ImportBatches" ("Id") ON DELETE RESTRICT
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_Expenses" ("Id", "AmountCents", "CategoryId", "CreatedAt", "Date", "Description", "ImportBatchId", "ImportKey", "Note", "SplitGroupId", "UserId", "Version")
                SELECT "Id", "AmountCents", "CategoryId", "CreatedAt", "Date", "Description", "ImportBatchId", "ImportKey", "Note", "SplitGroupId", "UserId", "Version"
                FROM "Expenses";
                """);
            migrationBuilder.Sql("""DROP TABLE "Expenses";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_Expenses" RENAME TO "Expenses";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_CategoryId" ON "Expenses" ("CategoryId");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_ImportBatchId" ON "Expenses" ("ImportBatchId");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_SplitGroupId" ON "Expenses" ("SplitGroupId") WHERE SplitGroupId IS NOT NULL;""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_UserId_Amount" ON "Expenses" ("UserId", "AmountCents", "Id");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_UserId_CategoryId_Amount" ON "Expenses" ("UserId", "CategoryId", "AmountCents", "Id");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_UserId_CategoryId_Date" ON "Expenses" ("UserId", "CategoryId", "Date");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_UserId_Date" ON "Expenses" ("UserId", "Date");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Expenses_UserId_Description" ON "Expenses" ("UserId", "Description", "Id");""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_Expenses_UserId_ImportKey" ON "Expenses" ("UserId", "ImportKey") WHERE ImportKey IS NOT NULL;""");
            ExpenseSearch.CreateTriggers(migrationBuilder);
            ExpenseMonthTotals.CreateTriggers(migrationBuilder); // the copy fired none, so the totals still match the rows
            migrationBuilder.Sql("""INSERT INTO "ExpenseSearch" ("ExpenseSearch") VALUES ('rebuild');""");
        }
    }
}
