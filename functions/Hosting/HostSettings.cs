using System.Text.Json;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// Reads settings the way the Azure Functions host does: <c>host.json</c> for host-level settings and
/// <c>local.settings.json</c>'s flat <c>Values</c> (with <c>__</c> for nesting) for app settings. Environment
/// variables are added last, so they win.
/// </summary>
public static class HostSettings
{
    public static void AddFunctionsStyleSettings(this ConfigurationManager configuration, string contentRoot)
    {
        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (File.Exists(hostJson))
        {
            configuration.AddJsonFile(hostJson, optional: false, reloadOnChange: false);
        }

        var localSettings = FindUpwards(contentRoot, "local.settings.json") ?? FindUpwards(Directory.GetCurrentDirectory(), "local.settings.json");
        if (localSettings is not null)
        {
            configuration.AddInMemoryCollection(ReadValues(localSettings));
        }

        configuration.AddEnvironmentVariables();
    }

    internal static Dictionary<string, string?> ReadValues(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }

        return values;
    }

    private static string? FindUpwards(string start, string fileName)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            // Stop at the repository root: a settings file above it belongs to something else.
            if (File.Exists(Path.Combine(directory.FullName, "host.json")))
            {
                return null;
            }
        }

        return null;
    }
}
