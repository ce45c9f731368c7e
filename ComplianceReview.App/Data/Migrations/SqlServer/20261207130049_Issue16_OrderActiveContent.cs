using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue16_OrderActiveContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrderActiveContent",
                table: "Demands",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.Sql(OrderDocumentBackfill.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OrderActiveContent",
                table: "Demands");
        }
    }
}
