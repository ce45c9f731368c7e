using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DemandFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Demands_AgencyCountry",
                table: "Demands");

            migrationBuilder.DropIndex(
                name: "IX_Demands_AgencyName",
                table: "Demands");

            migrationBuilder.Sql(DemandIndexes.SqlServerUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DemandIndexes.SqlServerDown);

            migrationBuilder.CreateIndex(
                name: "IX_Demands_AgencyCountry",
                table: "Demands",
                column: "AgencyCountry");

            migrationBuilder.CreateIndex(
                name: "IX_Demands_AgencyName",
                table: "Demands",
                column: "AgencyName");
        }
    }
}
