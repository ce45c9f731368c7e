using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditTriggers.SqlServerUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditTriggers.SqlServerDown);
        }
    }
}
