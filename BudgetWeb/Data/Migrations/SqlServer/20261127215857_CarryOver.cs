using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CarryOver : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CarryOverSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    CategoryId = table.Column<int>(type: "int", nullable: false),
                    EffectiveMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    Mode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarryOverSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarryOverSettings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CarryOverSettings_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CarryOverSettings_CategoryId",
                table: "CarryOverSettings",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_CarryOverSettings_UserId_CategoryId_EffectiveMonth",
                table: "CarryOverSettings",
                columns: new[] { "UserId", "CategoryId", "EffectiveMonth" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CarryOverSettings");
        }
    }
}
