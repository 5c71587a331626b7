using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Deployment;

/// <summary>
/// Every template in infra/ built and linted by the Bicep CLI (restored from NuGet), any warning failing the build as an
/// error would; then the compiled ARM JSON read for what a council's cloud team relies on.
/// </summary>
public sealed class InfrastructureTemplateTests
{
    private static readonly string Infra = Path.Combine(AzuriteProcess.RepoRoot, "infra");

    private static readonly Lazy<JsonObject> Compiled = new(() =>
    {
        var output = Path.Combine(Path.GetTempPath(), $"main-{Guid.NewGuid():N}.json");
        var (exit, text) = Bicep("build", Path.Combine(Infra, "main.bicep"), "--outfile", output);
        Assert.True(exit == 0 && !text.Contains("Warning", StringComparison.OrdinalIgnoreCase), text);
        var json = JsonNode.Parse(File.ReadAllText(output))!.AsObject();
        File.Delete(output);
        return json;
    });

    public static TheoryData<string> Templates() => [.. Directory.GetFiles(Infra, "*.bicep*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(Infra, f))];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_BuildAndLint_NoErrorAndNoWarning(string template)
    {
        var path = Path.Combine(Infra, template);
        var build = template.EndsWith(".bicepparam", StringComparison.Ordinal)
            ? Bicep("build-params", path, "--stdout")
            : Bicep("build", path, "--stdout");
        Assert.True(build.ExitCode == 0, build.Output);
        var lint = Bicep("lint", path);
        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.DoesNotContain("Warning", lint.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", lint.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Storage_SharedKeyAccessOff_OnlyEntraIdAndTls12()
    {
        var account = Single("Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;
        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("StorageV2", account["kind"]!.GetValue<string>());
        Assert.Equal(2, Resources().Count(r => Type(r) == "Microsoft.Insights/diagnosticSettings"));
    }

    [Theory]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6")] // Key Vault Secrets User
    [InlineData("7f951dda-4ed3-4680-a7ca-43fe172d538d")] // AcrPull
    public void ManagedIdentity_GrantedTheRole(string role)
    {
        // The app's identity (a service principal) holds the role; an operator's grant, where there is one, is separate.
        var assignment = Assert.Single(Resources(), r => Type(r) == "Microsoft.Authorization/roleAssignments"
            && Resolve(r, Text(r["properties"]!["roleDefinitionId"]!)).Contains(role, StringComparison.Ordinal)
            && r["properties"]!["principalType"]?.GetValue<string>() == "ServicePrincipal");
        Assert.Equal("[parameters('principalId')]", assignment["properties"]!["principalId"]!.GetValue<string>());
        Assert.Null(assignment["condition"]);
    }

    [Fact]
    public void Operator_MayReadAndReplayThePoisonQueues_OnlyWhenNamed()
    {
        var queueRole = Assert.Single(Resources(), r => Type(r) == "Microsoft.Authorization/roleAssignments"
            && Text(r["properties"]!["principalId"]).Contains("operatorPrincipalId", StringComparison.Ordinal)
            && Resolve(r, Text(r["properties"]!["roleDefinitionId"]!)).Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", StringComparison.Ordinal));
        Assert.Contains("operatorPrincipalId", queueRole["condition"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void App_ScalesOnJourneyWork_WithItsIdentity_AndToZeroUnlessAlwaysOn()
    {
        var app = Single("Microsoft.App/containerApps");
        var scale = app["properties"]!["template"]!["scale"]!;
        var rule = Assert.Single(scale["rules"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "journey-work")!;
        Assert.Equal("azure-queue", rule["custom"]!["type"]!.GetValue<string>());
        Assert.Equal("journey-work", rule["custom"]!["metadata"]!["queueName"]!.GetValue<string>());
        Assert.Contains("identityId", rule["custom"]!["identity"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(rule["custom"]!["auth"]);
        Assert.Contains("alwaysOn", scale["minReplicas"]!.GetValue<string>(), StringComparison.Ordinal);
        var probes = Resolve(app, Text(app["properties"]!["template"]!["containers"]![0]!["probes"]!));
        Assert.Contains("/health/live", probes, StringComparison.Ordinal);
        Assert.Contains("Liveness", probes, StringComparison.Ordinal);
        Assert.Contains("Readiness", probes, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepJob_EveryMinute_RunsSweepOnce_OnlyWhenScaledToZero()
    {
        var job = Single("Microsoft.App/jobs");
        var configuration = job["properties"]!["configuration"]!;
        Assert.Equal("Schedule", configuration["triggerType"]!.GetValue<string>());
        Assert.Equal("* * * * *", configuration["scheduleTriggerConfig"]!["cronExpression"]!.GetValue<string>());
        Assert.Equal("sweep-once", job["properties"]!["template"]!["containers"]![0]!["args"]![0]!.GetValue<string>());
        Assert.Contains("alwaysOn", job["condition"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_NeverInPlainText_OnlyKeyVaultReferencesOrExpressions()
    {
        var text = Text(Compiled.Value);
        foreach (var sample in new[] { "dev-officer-key", "dev-admin-key", "dev-hub-secret", "AccountKey=", "InstrumentationKey=" })
        {
            Assert.DoesNotContain(sample, text, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var resource in Resources().Where(r => Type(r) is "Microsoft.App/containerApps" or "Microsoft.App/jobs"))
        {
            // Key Vault references, and one value read at deployment from Application Insights itself.
            var secrets = Resolve(resource, resource["properties"]!["configuration"]!["secrets"]!.GetValue<string>());
            Assert.Contains("'keyVaultUrl'", secrets, StringComparison.Ordinal);
            var values = System.Text.RegularExpressions.Regex.Matches(secrets, @"'value', ([a-z]+)\(");
            Assert.Equal(["reference"], values.Select(v => v.Groups[1].Value));
            var env = Resolve(resource, Text(resource["properties"]!["template"]!["containers"]![0]!["env"]));
            Assert.Matches("'APPLICATIONINSIGHTS_CONNECTION_STRING', 'secretRef'", env);
        }

        // No parameter takes a secret value: secret settings are Key Vault secret names.
        foreach (var (name, parameter) in Compiled.Value["parameters"]!.AsObject())
        {
            Assert.NotEqual("securestring", parameter!["type"]!.GetValue<string>().ToLowerInvariant());
            Assert.DoesNotContain("password", name, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Outputs_AppUrlStorageAccountKeyVault()
    {
        var outputs = Compiled.Value["outputs"]!.AsObject();
        Assert.True(outputs.ContainsKey("appUrl"));
        Assert.True(outputs.ContainsKey("storageAccount"));
        Assert.True(outputs.ContainsKey("keyVault"));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A node as JSON text, with the quotes of ARM expressions ('…') left as they are.</summary>
    private static string Text(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "";

    private static string Type(JsonNode resource) => resource["type"]!.GetValue<string>();

    private static JsonNode Single(string type) => Assert.Single(Resources(), r => Type(r) == type);

    /// <summary>An expression with the variables of the resource's template put in place of their names.</summary>
    private static string Resolve(JsonNode resource, string expression) =>
        System.Text.RegularExpressions.Regex.Replace(expression, @"variables\('(\w+)'\)", m =>
            TemplateOf(resource)?["variables"]?[m.Groups[1].Value] is { } value ? Text(value) : m.Value);

    /// <summary>The (module's) template a resource is declared in.</summary>
    private static JsonObject? TemplateOf(JsonNode resource)
    {
        var node = resource.Parent;
        while (node is not null && (node is not JsonObject template || !template.ContainsKey("variables")))
        {
            node = node.Parent;
        }

        return node as JsonObject;
    }

    /// <summary>Every resource of the compiled template, modules' nested templates included.</summary>
    private static List<JsonNode> Resources()
    {
        var found = new List<JsonNode>();
        void Walk(JsonNode? template)
        {
            var resources = template?["resources"];
            IEnumerable<JsonNode?> items = resources switch
            {
                JsonArray array => array,
                JsonObject map => map.Select(p => p.Value),
                _ => [],
            };
            foreach (var resource in items.OfType<JsonNode>())
            {
                found.Add(resource);
                if (Type(resource) == "Microsoft.Resources/deployments")
                {
                    Walk(resource["properties"]!["template"]);
                }
            }
        }

        Walk(Compiled.Value);
        return found;
    }

    private static (int ExitCode, string Output) Bicep(params string[] arguments)
    {
        var package = typeof(InfrastructureTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPackage").Value!;
        var bicep = Path.Combine(package, "tools", "bicep");
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
        {
            // NuGet does not keep the executable bit when it extracts a package.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, (arguments.Contains("--stdout") ? "" : output.Result) + errors);
    }
}
