using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue23_RegistrationSubmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RegistrationSubmissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegisteredById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    Fingerprint = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DemandReference = table.Column<string>(type: "nvarchar(14)", maxLength: 14, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistrationSubmissions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationSubmissions_DemandId",
                table: "RegistrationSubmissions",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationSubmissions_RegisteredById_Key",
                table: "RegistrationSubmissions",
                columns: new[] { "RegisteredById", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegistrationSubmissions");
        }
    }
}
