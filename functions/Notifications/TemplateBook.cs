using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace FosteringWorkflows.Notifications;

/// <summary>
/// The message catalogue as plain text files a council can edit without a developer: <c>templates/{name}.txt</c>,
/// overridden by <c>templates/{council}/{name}.txt</c>. A file is an optional <c>Subject: …</c> line and a blank
/// line, then the body. A text may have its own, shorter words, <c>{name}.sms.txt</c> (a text says no more than that
/// there is news, and links to the applicant's page). Every file is read and checked when the service starts.
/// </summary>
public sealed partial class TemplateBook
{
    /// <summary>Every field a template may use; a template naming another is refused at start-up.</summary>
    public static readonly FrozenSet<string> Fields = new[]
    {
        "firstName", "council", "contactPhone", "respondBy", "visitAt", "panelDate",
        "applicant", "clock", "dueAt", "journeyId", "link", "reason", "template", "channel", "fallback", "closesOn", "closedAt", "check", "left", "todo", "stage", "since", "statusLink", "stageWords", "why", "via", "when",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, MessageTemplate> _templates;

    public TemplateBook(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The message templates folder {directory} does not exist.");
        }

        var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.txt", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file);
            var council = Path.GetDirectoryName(relative) is { Length: > 0 } folder ? folder : null;
            var template = Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
            var unknown = template.Placeholders.Where(p => !Fields.Contains(p)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"Template {relative} uses unknown placeholders: {string.Join(", ", unknown)}. Known: {string.Join(", ", Fields)}.");
            }

            templates[Key(council, template.Name)] = template;
        }

        _templates = templates.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "templates");

    public MessageTemplate Get(string council, string name) =>
        _templates.GetValueOrDefault(Key(council, name))
        ?? _templates.GetValueOrDefault(Key(null, name))
        ?? throw new InvalidOperationException($"No message template '{name}'.");

    /// <summary>The words for a channel: a text's own (<c>{name}.sms</c>, the council's, else the default) where there are any, else the template's.</summary>
    public MessageTemplate Get(string council, string name, MessageChannel channel) =>
        (channel == MessageChannel.Sms
            ? _templates.GetValueOrDefault(Key(council, $"{name}{TextSuffix}")) ?? _templates.GetValueOrDefault(Key(null, $"{name}{TextSuffix}"))
            : null)
        ?? Get(council, name);

    /// <summary>What a text's own words add to the template's name.</summary>
    public const string TextSuffix = ".sms";

    /// <summary>Fills a template's placeholders; a missing field is a bug, not something to send.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> fields) =>
        Placeholder().Replace(text, m => fields.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"No value for (({m.Groups[1].Value}))."));

    internal static MessageTemplate Parse(string name, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var subject = (end < 0 ? text : text[..end])["Subject:".Length..].Trim();
            return new MessageTemplate(name, subject, end < 0 ? "" : text[(end + 1)..].Trim());
        }

        return new MessageTemplate(name, null, text);
    }

    [GeneratedRegex(@"\(\(([A-Za-z]+)\)\)")]
    internal static partial Regex Placeholder();

    private static string Key(string? council, string name) => council is null ? name : $"{council}/{name}";
}
