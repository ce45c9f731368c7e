using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Prefix = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    First = table.Column<int>(type: "int", nullable: false),
                    Last = table.Column<int>(type: "int", nullable: false),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SnapshotId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PackageSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    AllocatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
