namespace FosteringWorkflows.Notifications;

/// <summary>A message template: an optional subject (for email) and a body, with GOV.UK Notify's ((placeholders)).</summary>
public sealed record MessageTemplate(string Name, string? Subject, string Body)
{
    public IEnumerable<string> Placeholders =>
        TemplateBook.Placeholder().Matches($"{Subject}\n{Body}").Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);
}
