using System;
using ComplianceReview.App.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceReview.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ActorId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    ActorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DemandReference = table.Column<string>(type: "nvarchar(14)", maxLength: 14, nullable: true),
                    DetailsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PreviousHash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Hash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Sequence);
                });

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

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AccountId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    PhoneNumber = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Country = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    ZipCode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RegistrationIp = table.Column<string>(type: "nvarchar(45)", maxLength: 45, nullable: false),
                    PaymentInstrument = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    BillingAddress = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FriendlyName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Xml = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryAgencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CountryCode = table.Column<string>(type: "nchar(2)", fixedLength: true, maxLength: 2, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    StatusReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    VerifiedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    VerifiedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    VerifiedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Domains = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryAgencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DisclosurePackages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SnapshotId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    CertifiedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    GeneratedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosurePackages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DisclosureSnapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosureSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PublishedTransparencyReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "nchar(7)", fixedLength: true, maxLength: 7, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PublishedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    PublishedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CanonicalForm = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublishedTransparencyReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedMessages",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    From = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    Subject = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ReceivedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    ReceivedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedMessages", x => x.Sha256);
                });

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

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    UserName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndReason = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Ticket = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredDocuments",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredDocuments", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "CustomerEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<int>(type: "int", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    From = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    To = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerEmails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerEmails_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CustomerFiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<int>(type: "int", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerFiles_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CustomerSignIns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<int>(type: "int", nullable: false),
                    SignedInAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    IpAddress = table.Column<string>(type: "nvarchar(45)", maxLength: 45, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerSignIns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerSignIns_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgencyContacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    PhoneNumber = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    PhoneSource = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SuspensionReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgencyContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgencyContacts_DirectoryAgencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "DirectoryAgencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Demands",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(14)", maxLength: 14, nullable: false),
                    AgencyName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AgencyCountry = table.Column<string>(type: "nchar(2)", fixedLength: true, maxLength: 2, nullable: false),
                    ProcessType = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    IssuingAuthority = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CaseNumber = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CoveredFrom = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CoveredTo = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    NonDisclosureKind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    NonDisclosureUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    EmergencyJustification = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    OrderFileName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    OrderSizeBytes = table.Column<long>(type: "bigint", nullable: true),
                    OrderSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: true),
                    OrderActiveContent = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    RegisteredById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    RegisteredByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AssignedReviewerId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    AssignedReviewerName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PackageSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: true),
                    PackagePageCount = table.Column<int>(type: "int", nullable: true),
                    PackageBatesFirst = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    PackageBatesLast = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    PackageSnapshotSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: true),
                    PackageRecordCount = table.Column<int>(type: "int", nullable: true),
                    PackageContentRecordCount = table.Column<int>(type: "int", nullable: true),
                    PackageGeneratedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PackageCertifiedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    PackageCertifiedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    PreservedUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PreservationExtended = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    SpecifiedAccountCount = table.Column<int>(type: "int", nullable: false),
                    FollowUpProcessDescription = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    FollowUpProcessDate = table.Column<DateOnly>(type: "date", nullable: true),
                    FollowUpRecordedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    FollowUpRecordedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CustomerNotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CustomerNotificationChannel = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CustomerNotificationRecordedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    CustomerNotificationRecordedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    DirectoryAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SenderAddress = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    SourceMessageSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: true),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false),
                    RowVersion = table.Column<byte[]>(type: "rowversion", rowVersion: true, nullable: true),
                    RequestedCategories = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Demands", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Demands_DirectoryAgencies_DirectoryAgencyId",
                        column: x => x.DirectoryAgencyId,
                        principalTable: "DirectoryAgencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedMessageAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FileName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Sha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Check = table.Column<string>(type: "nvarchar(600)", maxLength: 600, nullable: false),
                    MessageSha256 = table.Column<string>(type: "nchar(64)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedMessageAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReceivedMessageAttachments_ReceivedMessages_MessageSha256",
                        column: x => x.MessageSha256,
                        principalTable: "ReceivedMessages",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallBacks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContactId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContactName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ContactRole = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    PhoneNumber = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CalledById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    CalledByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CalledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallBacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallBacks_Demands_DemandId",
                        column: x => x.DemandId,
                        principalTable: "Demands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DemandTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Raw = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Value = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    Problem = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ResolvedAccountId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DemandTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DemandTargets_Demands_DemandId",
                        column: x => x.DemandId,
                        principalTable: "Demands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ReasonCode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    ReasonText = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    DecidedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    DecidedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RangeFrom = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RangeTo = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ApprovedCategories = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ApprovedIdentifiers = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewDecisions_Demands_DemandId",
                        column: x => x.DemandId,
                        principalTable: "Demands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignOffs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SignedById = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    SignedByName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    PackageSha256 = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: true),
                    DemandId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignOffs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignOffs_Demands_DemandId",
                        column: x => x.DemandId,
                        principalTable: "Demands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgencyContacts_AgencyId",
                table: "AgencyContacts",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_AgencyContacts_Email",
                table: "AgencyContacts",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_Sequence",
                table: "AuditEntries",
                columns: new[] { "Action", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_Sequence",
                table: "AuditEntries",
                columns: new[] { "ActorId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_DemandReference_Sequence",
                table: "AuditEntries",
                columns: new[] { "DemandReference", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OccurredAt",
                table: "AuditEntries",
                column: "OccurredAt");

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

            migrationBuilder.CreateIndex(
                name: "IX_CallBacks_DemandId",
                table: "CallBacks",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerEmails_CustomerId_SentAt",
                table: "CustomerEmails",
                columns: new[] { "CustomerId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerFiles_CustomerId_UploadedAt",
                table: "CustomerFiles",
                columns: new[] { "CustomerId", "UploadedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_AccountId",
                table: "Customers",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Email",
                table: "Customers",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_PhoneNumber",
                table: "Customers",
                column: "PhoneNumber");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerSignIns_CustomerId_SignedInAt",
                table: "CustomerSignIns",
                columns: new[] { "CustomerId", "SignedInAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_AssignedReviewerId_Status",
                table: "Demands",
                columns: new[] { "AssignedReviewerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_CaseNumber",
                table: "Demands",
                column: "CaseNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Demands_DirectoryAgencyId_ReceivedAt",
                table: "Demands",
                columns: new[] { "DirectoryAgencyId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_DueAt_Id",
                table: "Demands",
                columns: new[] { "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_OrderSha256",
                table: "Demands",
                column: "OrderSha256");

            migrationBuilder.CreateIndex(
                name: "IX_Demands_ProcessType_Status_ClosedAt",
                table: "Demands",
                columns: new[] { "ProcessType", "Status", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_ReceivedAt_Id",
                table: "Demands",
                columns: new[] { "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_Reference",
                table: "Demands",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Demands_SenderAddress",
                table: "Demands",
                column: "SenderAddress");

            migrationBuilder.CreateIndex(
                name: "IX_Demands_Status_DueAt_Id",
                table: "Demands",
                columns: new[] { "Status", "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_Status_PreservedUntil",
                table: "Demands",
                columns: new[] { "Status", "PreservedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_Demands_Status_ReceivedAt_Id",
                table: "Demands",
                columns: new[] { "Status", "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DemandTargets_DemandId",
                table: "DemandTargets",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_DemandTargets_ResolvedAccountId",
                table: "DemandTargets",
                column: "ResolvedAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_DemandTargets_Value",
                table: "DemandTargets",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryAgencies_Name",
                table: "DirectoryAgencies",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_DisclosurePackages_DemandId_Sha256",
                table: "DisclosurePackages",
                columns: new[] { "DemandId", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_DisclosureSnapshots_DecisionId",
                table: "DisclosureSnapshots",
                column: "DecisionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DisclosureSnapshots_DemandId",
                table: "DisclosureSnapshots",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_PublishedTransparencyReports_Period",
                table: "PublishedTransparencyReports",
                column: "Period",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedMessageAttachments_MessageSha256",
                table: "ReceivedMessageAttachments",
                column: "MessageSha256");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationSubmissions_DemandId",
                table: "RegistrationSubmissions",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationSubmissions_RegisteredById_Key",
                table: "RegistrationSubmissions",
                columns: new[] { "RegisteredById", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_DecidedById",
                table: "ReviewDecisions",
                column: "DecidedById");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_DemandId",
                table: "ReviewDecisions",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_UserId_EndedAt",
                table: "Sessions",
                columns: new[] { "UserId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SignOffs_DemandId",
                table: "SignOffs",
                column: "DemandId");

            // What EF's model cannot declare: the audit table as an append-only ledger table (Data/AuditLedger.cs), each
            // statement its own batch, and the indexes over the agency's columns (Data/DemandIndexes.cs).
            foreach (var statement in AuditLedger.SqlServerUp) migrationBuilder.Sql(statement);
            migrationBuilder.Sql(DemandIndexes.SqlServerUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DemandIndexes.SqlServerDown);

            migrationBuilder.DropTable(
                name: "AgencyContacts");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BatesRanges");

            migrationBuilder.DropTable(
                name: "CallBacks");

            migrationBuilder.DropTable(
                name: "CustomerEmails");

            migrationBuilder.DropTable(
                name: "CustomerFiles");

            migrationBuilder.DropTable(
                name: "CustomerSignIns");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DemandTargets");

            migrationBuilder.DropTable(
                name: "DisclosurePackages");

            migrationBuilder.DropTable(
                name: "DisclosureSnapshots");

            migrationBuilder.DropTable(
                name: "PublishedTransparencyReports");

            migrationBuilder.DropTable(
                name: "ReceivedMessageAttachments");

            migrationBuilder.DropTable(
                name: "RegistrationSubmissions");

            migrationBuilder.DropTable(
                name: "ReviewDecisions");

            migrationBuilder.DropTable(
                name: "Sessions");

            migrationBuilder.DropTable(
                name: "SignOffs");

            migrationBuilder.DropTable(
                name: "StoredDocuments");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropTable(
                name: "ReceivedMessages");

            migrationBuilder.DropTable(
                name: "Demands");

            migrationBuilder.DropTable(
                name: "DirectoryAgencies");
        }
    }
}
