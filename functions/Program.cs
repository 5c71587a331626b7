using FosteringWorkflows.Applicants;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Backups;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Hub;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Records;
using FosteringWorkflows.Replies;
using FosteringWorkflows.Reports;
using FosteringWorkflows.Simulation;
using FosteringWorkflows.Storage;
using FosteringWorkflows.Worklist;

var builder = WebApplication.CreateBuilder(args).ConfigureServiceHost();
builder.Services
    .AddHosting(builder.Configuration)
    .AddStorage()
    .AddCalendar()
    .AddCouncils()
    .AddPolicies() // readiness steps run in registration order: policy versions recorded before the simulated clock is restored
    .AddClock()
    .AddDeadlines()
    .AddNotifications()
    .AddJourneys()
    .AddIntake()
    .AddReplies()
    .AddEnquireLimit()
    .AddHub()
    .AddAudit()
    .AddRecords()
    .AddReports()
    .AddWorklist()
    .AddBackups()
    .AddStaffAuth(builder.Configuration)
    .AddPages();

var app = builder.Build();
if (args is [SweepOnce.Command, ..])
{
    return await SweepOnce.RunJobAsync(app);
}

if (args is [BackupCommand.Backup or BackupCommand.Restore, ..])
{
    return await BackupCommand.RunJobAsync(app, args);
}

app.UseHostingFront();
app.UseAccessAudit();
app.UseBodyLimit();
app.UseSignInUnavailablePage();
app.UseStaffAuth();
app.UseStorageReadiness();
app.UseSharedSimulatedClock();

app.MapHosting();
app.MapIntake();
app.MapEnquirePages();
app.MapStatusPages();
app.MapReplies();
app.MapJourneyEndpoints();
app.MapJourneyPages();
app.MapWorklist();
app.MapHub();
app.MapAudit();
app.MapStaffAuth();
app.MapRecords();
app.MapRectifyPage();
app.MapReportEndpoints();
app.MapSimulationWhenSimulated();

return await app.RunOrSayWhyAsync();

public partial class Program; // the entry point, visible to the integration tests' WebApplicationFactory
