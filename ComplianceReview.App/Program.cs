using ComplianceReview.App;
using ComplianceReview.App.Components;
using ComplianceReview.App.Data;
using ComplianceReview.App.Diagnostics;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Endpoints;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddComplianceLogging(); // request logs without query strings, hub logs without arguments (docs/security.md)
builder.AddComplianceData();
builder.AddComplianceScaleOut();
builder.AddComplianceIdentity();
builder.AddDisclosureDocuments();
builder.AddDocumentIntake(); // uploads checked off the caller's thread, within stated bounds (docs/security.md)
builder.AddComplianceServices();
builder.AddComplianceUi();

var app = builder.Build();

await app.InitialiseDatabaseAsync();

app.UseComplianceHttpPipeline();
app.MapComplianceIdentityEndpoints();
app.MapComplianceEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can host it.</summary>
public partial class Program;
