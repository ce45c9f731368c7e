using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportsAndTracks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerNotificationChannel",
                table: "Demands",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CustomerNotificationRecordedById",
                table: "Demands",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CustomerNotificationRecordedByName",
                table: "Demands",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CustomerNotifiedOn",
                table: "Demands",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FollowUpProcessDate",
                table: "Demands",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FollowUpProcessDescription",
                table: "Demands",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FollowUpRecordedById",
                table: "Demands",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FollowUpRecordedByName",
                table: "Demands",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SpecifiedAccountCount",
                table: "Demands",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Demands registered before this column existed: count their specific targets once.
            migrationBuilder.Sql(
                "UPDATE Demands SET SpecifiedAccountCount = (SELECT COUNT(*) FROM DemandTargets t WHERE t.DemandId = Demands.Id AND t.Value IS NOT NULL);");

            migrationBuilder.CreateTable(
                name: "PublishedTransparencyReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 7, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedById = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PublishedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CanonicalForm = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublishedTransparencyReports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_ProcessType_Status_ClosedAt",
                table: "Demands",
                columns: new[] { "ProcessType", "Status", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_Status_PreservedUntil",
                table: "Demands",
                columns: new[] { "Status", "PreservedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_PublishedTransparencyReports_Period",
                table: "PublishedTransparencyReports",
                column: "Period",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PublishedTransparencyReports");

            migrationBuilder.DropIndex(
                name: "IX_Demands_ProcessType_Status_ClosedAt",
                table: "Demands");

            migrationBuilder.DropIndex(
                name: "IX_Demands_Status_PreservedUntil",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "CustomerNotificationChannel",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "CustomerNotificationRecordedById",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "CustomerNotificationRecordedByName",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "CustomerNotifiedOn",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "FollowUpProcessDate",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "FollowUpProcessDescription",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "FollowUpRecordedById",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "FollowUpRecordedByName",
                table: "Demands");

            migrationBuilder.DropColumn(
                name: "SpecifiedAccountCount",
                table: "Demands");
        }
    }
}
