using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue23_BatesRanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BatesRanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    First = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false),
                    DemandId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SnapshotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PackageSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    AllocatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatesRanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BatesRanges_DemandId",
                table: "BatesRanges",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_BatesRanges_Prefix_First",
                table: "BatesRanges",
                columns: new[] { "Prefix", "First" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BatesRanges_Prefix_Last",
                table: "BatesRanges",
                columns: new[] { "Prefix", "Last" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BatesRanges_SnapshotId",
                table: "BatesRanges",
                column: "SnapshotId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BatesRanges");
        }
    }
}
