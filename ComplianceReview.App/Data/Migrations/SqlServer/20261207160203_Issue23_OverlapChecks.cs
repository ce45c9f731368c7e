using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue23_OverlapChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResolvedAccountId",
                table: "DemandTargets",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DemandTargets_ResolvedAccountId",
                table: "DemandTargets",
                column: "ResolvedAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Demands_OrderSha256",
                table: "Demands",
                column: "OrderSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DemandTargets_ResolvedAccountId",
                table: "DemandTargets");

            migrationBuilder.DropIndex(
                name: "IX_Demands_OrderSha256",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "ResolvedAccountId",
                table: "DemandTargets");
        }
    }
}
