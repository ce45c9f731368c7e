using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql(DemandIndexes.SqlServerReportWithDemoMarkerUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DemandIndexes.SqlServerReportWithDemoMarkerDown);

            migrationBuilder.DropColumn(
                name: "IsDemo",
                table: "Demands");
        }
    }
}
