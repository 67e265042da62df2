using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BudgetWeb.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CarryOverDeletionsProfilesUndo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "UndoOfId",
                table: "Operations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UndoneAt",
                table: "Operations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UndoneById",
                table: "Operations",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountDeletions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountDeletions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CarryOverSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    EffectiveMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    Mode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "ImportProfiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    HeaderHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportProfiles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Operations_UndoneById",
                table: "Operations",
                column: "UndoneById");

            migrationBuilder.CreateIndex(
                name: "IX_Operations_UndoOfId",
                table: "Operations",
                column: "UndoOfId",
                unique: true,
                filter: "\"UndoOfId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CarryOverSettings_CategoryId",
                table: "CarryOverSettings",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_CarryOverSettings_UserId_CategoryId_EffectiveMonth",
                table: "CarryOverSettings",
                columns: new[] { "UserId", "CategoryId", "EffectiveMonth" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportProfiles_UserId_HeaderHash",
                table: "ImportProfiles",
                columns: new[] { "UserId", "HeaderHash" },
                unique: true);

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

            migrationBuilder.DropTable(
                name: "AccountDeletions");

            migrationBuilder.DropTable(
                name: "CarryOverSettings");

            migrationBuilder.DropTable(
                name: "ImportProfiles");

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
