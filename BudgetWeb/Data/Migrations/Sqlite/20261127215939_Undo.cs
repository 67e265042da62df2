using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetWeb.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Undo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "UndoOfId",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UndoneAt",
                table: "Operations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UndoneById",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Operations_UndoneById",
                table: "Operations",
                column: "UndoneById");

            migrationBuilder.CreateIndex(
                name: "IX_Operations_UndoOfId",
                table: "Operations",
                column: "UndoOfId",
                unique: true,
                filter: "UndoOfId IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "FK_Operations_Operations_UndoOfId",
                table: "Operations",
                column: "UndoOfId",
                principalTable: "Operations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Operations_Operations_UndoneById",
                table: "Operations",
                column: "UndoneById",
                principalTable: "Operations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Operations_Operations_UndoOfId",
                table: "Operations");

            migrationBuilder.DropForeignKey(
                name: "FK_Operations_Operations_UndoneById",
                table: "Operations");

            migrationBuilder.DropIndex(
                name: "IX_Operations_UndoneById",
                table: "Operations");

            migrationBuilder.DropIndex(
                name: "IX_Operations_UndoOfId",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "UndoOfId",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "UndoneAt",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "UndoneById",
                table: "Operations");
        }
    }
}
