using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ExpenseSumsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Expenses_Sums",
                table: "Expenses",
                columns: new[] { "UserId", "Date", "CategoryId", "AmountCents" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Expenses_Sums",
                table: "Expenses");
        }
    }
}
