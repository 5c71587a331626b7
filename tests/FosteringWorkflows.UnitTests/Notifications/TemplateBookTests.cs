using FosteringWorkflows.Notifications;

namespace FosteringWorkflows.UnitTests.Notifications;

public sealed class TemplateBookTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("templates").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Get_CouncilOverride_WinsOverTheDefault()
    {
        File.WriteAllText(Path.Combine(_folder, "keep-in-touch.txt"), "Subject: Default\n\nHello ((firstName)).");
        Directory.CreateDirectory(Path.Combine(_folder, "portsmouth"));
        File.WriteAllText(Path.Combine(_folder, "portsmouth", "keep-in-touch.txt"), "Hi ((firstName)), Portsmouth here.");

        var book = new TemplateBook(_folder);

        Assert.Equal("Default", book.Get("hertfordshire", "keep-in-touch").Subject);
        Assert.Equal("Hi ((firstName)), Portsmouth here.", book.Get("portsmouth", "keep-in-touch").Body);
        Assert.Null(book.Get("portsmouth", "keep-in-touch").Subject);
    }

    [Fact]
    public void New_UnknownPlaceholder_RefusesToStartNamingIt()
    {
        File.WriteAllText(Path.Combine(_folder, "bad.txt"), "Hello ((fistName)).");

        var error = Assert.Throws<InvalidOperationException>(() => new TemplateBook(_folder));

        Assert.Contains("fistName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedCatalogue_LoadsAndCoversEveryMessage()
    {
        var book = new TemplateBook(TemplateBook.DefaultDirectory);

        foreach (var name in new[]
        {
            "enquiry-acknowledgement", "initial-visit-booked", "initial-visit-reminder", "progress-decision-progress", "progress-decision-closed",
            "keep-in-touch", "panel-date-confirmed", "panel-reminder", "agency-decision-approved", "agency-decision-not-approved",
            "withdrawal-closing", "staff-deadline-warning", "staff-deadline-breached", "staff-deadline-escalated", "staff-enquiry-routed", "staff-delivery-failed",
        })
        {
            Assert.False(string.IsNullOrWhiteSpace(book.Get("hertfordshire", name).Body));
            Assert.False(string.IsNullOrWhiteSpace(book.Get("hertfordshire", name).Subject));
        }
    }
}
