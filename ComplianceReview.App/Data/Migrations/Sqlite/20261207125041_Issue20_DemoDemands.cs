using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue20_DemoDemands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDemo",
                table: "Demands",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql(DemandIndexes.SqliteReportWithDemoMarkerUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DemandIndexes.SqliteReportWithDemoMarkerDown);

            migrationBuilder.DropColumn(
                name: "IsDemo",
                table: "Demands");
        }
    }
}
