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

    // Every template linted by one run of the CLI (a run starts in seconds; one a template took two minutes in all): the
    // linter compiles each file, so its errors are there beside its warnings, each line naming the file it is about.
    private static readonly Lazy<(int ExitCode, string Output)> Linted = new(() => Bicep("lint", "--pattern", "**/*.bicep*"));

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_CompilesAndLints_NoErrorAndNoWarning(string template)
    {
        var (exit, output) = Linted.Value;
        var path = Path.Combine(Infra, template);
        var mine = output.Split('\n').Where(line => line.StartsWith(path + "(", StringComparison.Ordinal)).ToList();
        Assert.True(mine.Count == 0, string.Join('\n', mine));
        // A failure must be some other template's, said on a line of its own.
        Assert.True(exit == 0 || output.Contains(".bicep", StringComparison.Ordinal), output);
    }

    [Fact]
    public void Storage_SharedKeyAccessOff_OnlyEntraIdAndTls12_BothAccounts()
    {
        var accounts = Resources().Where(r => Type(r) == "Microsoft.Storage/storageAccounts").ToList();
        Assert.Equal(2, accounts.Count); // the service's, and the backups'
        foreach (var account in accounts)
        {
            var properties = account["properties"]!;
            Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
            Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
            Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
            Assert.Equal("StorageV2", account["kind"]!.GetValue<string>());
            Assert.Contains("privateNetworking", Text(properties["publicNetworkAccess"]), StringComparison.Ordinal);
        }

        // Tables and queues to the workspace, and the vault's audit log.
        Assert.Equal(3, Resources().Count(r => Type(r) == "Microsoft.Insights/diagnosticSettings"));
    }

    [Fact]
    public void Backups_NightlyJob_ToAVersionedContainer_ImmutableForTheRetention_ThenDeleted()
    {
        var job = Assert.Single(Resources(), r => Type(r) == "Microsoft.App/jobs" && Text(r["name"]).Contains("-backup", StringComparison.Ordinal));
        Assert.Equal("backup", job["properties"]!["template"]!["containers"]![0]!["args"]![0]!.GetValue<string>());
        Assert.Equal("30 2 * * *", job["properties"]!["configuration"]!["scheduleTriggerConfig"]!["cronExpression"]!.GetValue<string>());
        Assert.Contains("BackupStorage__accountName", Resolve(job, Text(job["properties"]!["template"]!["containers"]![0]!["env"])), StringComparison.Ordinal);
        Assert.True(Single("Microsoft.Storage/storageAccounts/blobServices")["properties"]!["isVersioningEnabled"]!.GetValue<bool>());
        var immutability = Single("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
        Assert.Equal("[parameters('retentionDays')]", immutability["properties"]!["immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        var lifecycle = Text(Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties"]);
        Assert.Contains("daysAfterCreationGreaterThan", lifecycle, StringComparison.Ordinal);
        Assert.Contains("retentionDays", lifecycle, StringComparison.Ordinal);
        var retention = Compiled.Value["parameters"]!["backupRetentionDays"]!;
        Assert.Equal(35, retention["defaultValue"]!.GetValue<int>());
    }

    [Fact]
    public void Accounts_LockedAgainstDeletion_ByDefault()
    {
        var locks = Resources().Where(r => Type(r) == "Microsoft.Authorization/locks").ToList();
        Assert.Equal(2, locks.Count);
        Assert.All(locks, l => Assert.Equal("CanNotDelete", l["properties"]!["level"]!.GetValue<string>()));
        Assert.True(Compiled.Value["parameters"]!["lockStorage"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Environment_HasWorkloadProfiles_AndJoinsANetworkOnlyWhenPrivate()
    {
        var environment = Single("Microsoft.App/managedEnvironments");
        Assert.Contains("Consumption", Text(environment["properties"]!["workloadProfiles"]), StringComparison.Ordinal);
        Assert.Contains("infrastructureSubnetId", Text(environment["properties"]!["vnetConfiguration"]), StringComparison.Ordinal);
        Assert.Equal("Consumption", Single("Microsoft.App/containerApps")["properties"]!["workloadProfileName"]!.GetValue<string>());
        Assert.False(Compiled.Value["parameters"]!["privateNetworking"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void PrivateVariant_EndpointsAndZonesForStorageVaultAndRegistry_PublicAccessOff_PremiumRegistry()
    {
        var built = Path.Combine(Path.GetTempPath(), $"private-{Guid.NewGuid():N}.json");
        Assert.Equal(0, Bicep("build-params", Path.Combine(Infra, "main.private.bicepparam"), "--outfile", built).ExitCode);
        var parameters = JsonNode.Parse(File.ReadAllText(built))!;
        File.Delete(built);
        Assert.True(parameters["parameters"]!["privateNetworking"]!["value"]!.GetValue<bool>());

        var endpoints = Assert.Single(Resources(), r => Type(r) == "Microsoft.Resources/deployments" && Text(r["name"]).Contains("pe-", StringComparison.Ordinal));
        Assert.Contains("privateNetworking", Resolve(endpoints, Text(endpoints["copy"])), StringComparison.Ordinal);
        foreach (var group in new[] { "table", "queue", "backup", "vault", "registry" })
        {
            Assert.Contains($"'{group}'", Compiled.Value["variables"]!["endpoints"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Single(Resources(), r => Type(r) == "Microsoft.Network/privateEndpoints");
        Assert.Contains("privatelink.vaultcore.azure.net", Text(Compiled.Value), StringComparison.Ordinal);
        Assert.Contains("privatelink.azurecr.io", Text(Compiled.Value), StringComparison.Ordinal);
        Assert.Contains("Premium", Text(Single("Microsoft.ContainerRegistry/registries")["sku"]), StringComparison.Ordinal);
        foreach (var type in new[] { "Microsoft.ContainerRegistry/registries", "Microsoft.KeyVault/vaults" })
        {
            Assert.Contains("Disabled", Text(Single(type)["properties"]!["publicNetworkAccess"]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Alerts_ToTheOperator_ForPoisonJobsDeliveriesErrorsAndRestarts()
    {
        var group = Single("Microsoft.Insights/actionGroups");
        Assert.Contains("alertEmail", Text(group["properties"]!["emailReceivers"]), StringComparison.Ordinal);
        var logRules = Resolve(Single("Microsoft.Insights/scheduledQueryRules"), Text(TemplateOf(Single("Microsoft.Insights/scheduledQueryRules"))!["variables"]));
        foreach (var phrase in new[] { "moved to the poison queue", "sweep-once could not finish", "given up on", ": breach-", "deliveryFailureThreshold",
            "ContainerAppSystemLogs_CL", "tables written", "LessThan" })
        {
            Assert.Contains(phrase, logRules, StringComparison.Ordinal);
        }

        var metrics = Text(TemplateOf(Single("Microsoft.Insights/metricAlerts"))!["variables"]);
        Assert.Contains("5xx", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("RestartCount", metrics, StringComparison.Ordinal); // a running total: restarts are read from the platform's events

        var audit = Assert.Single(Resources(), r => Type(r) == "Microsoft.Insights/diagnosticSettings" && Text(r).Contains("AuditEvent", StringComparison.Ordinal));
        Assert.Contains("vault", Text(audit["scope"]), StringComparison.OrdinalIgnoreCase);
        Assert.True(Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("[parameters('retentionInDays')]", Single("Microsoft.OperationalInsights/workspaces")["properties"]!["retentionInDays"]!.GetValue<string>());
    }

    [Fact]
    public void SignIn_NoClientSecret_TheIdentityIsTheFederatedCredential()
    {
        Assert.DoesNotContain("ClientSecret", File.ReadAllText(Path.Combine(Infra, "main.bicepparam")), StringComparison.Ordinal);
        var env = Resolve(Single("Microsoft.App/containerApps"), Text(Single("Microsoft.App/containerApps")["properties"]!["template"]!["containers"]![0]!["env"]));
        Assert.Contains("AzureAd__ClientCredentials__0__SourceType', 'value', 'SignedAssertionFromManagedIdentity'", env, StringComparison.Ordinal);
        Assert.Contains("AzureAd__ClientCredentials__0__ManagedIdentityClientId', 'value', parameters('identityClientId')", env, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_ActionsPinnedByCommit_NoFailureHidden_TrafficOnlyAfterTheNewRevisionAnswersHealth()
    {
        var workflow = File.ReadAllText(Path.Combine(AzuriteProcess.RepoRoot, ".github", "workflows", "deploy.yml"));
        var uses = System.Text.RegularExpressions.Regex.Matches(workflow, @"uses:\s*(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches("@[0-9a-f]{40}$", u));
        Assert.DoesNotContain("|| true", workflow, StringComparison.Ordinal);
        Assert.DoesNotContain("2>/dev/null", workflow, StringComparison.Ordinal);
        Assert.DoesNotContain("quickstart", workflow, StringComparison.Ordinal);
        var whatIf = workflow.IndexOf("deployment group what-if", StringComparison.Ordinal);
        var deploy = workflow.IndexOf("deployment group create", StringComparison.Ordinal);
        var smoke = workflow.IndexOf("---candidate", StringComparison.Ordinal);
        var shift = workflow.IndexOf("ingress traffic set", StringComparison.Ordinal);
        var jobs = workflow.IndexOf("containerapp job update", StringComparison.Ordinal);
        Assert.True(whatIf > 0 && whatIf < deploy && deploy < smoke && smoke < shift && shift < jobs, "what-if, deploy, smoke test, then traffic, then the jobs");
        var restore = Assert.Single(Resources(), r => Type(r) == "Microsoft.App/jobs" && Text(r["name"]).Contains("-restore", StringComparison.Ordinal));
        Assert.Equal("Manual", restore["properties"]!["configuration"]!["triggerType"]!.GetValue<string>());
        Assert.Contains("Restore__From", Text(restore["properties"]!["template"]!["containers"]![0]!["env"]), StringComparison.Ordinal);

        var app = Single("Microsoft.App/containerApps");
        Assert.Equal("Multiple", app["properties"]!["configuration"]!["activeRevisionsMode"]!.GetValue<string>());
        var traffic = Text(app["properties"]!["configuration"]!["ingress"]!["traffic"]);
        Assert.Contains("candidate", traffic, StringComparison.Ordinal);
        Assert.Contains("stableRevision", traffic, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryResource_Tagged_ServiceCouncilEnvironment()
    {
        var tags = Text(Compiled.Value["variables"]!["tags"]);
        Assert.Contains("FosteringWorkflows", tags, StringComparison.Ordinal);
        Assert.Contains("council", tags, StringComparison.Ordinal);
        Assert.Contains("environment", tags, StringComparison.Ordinal);
        var tracked = Resources().Where(r => r["existing"] is null && Type(r) is not ("Microsoft.Resources/deployments" or "Microsoft.Authorization/roleAssignments"
            or "Microsoft.Authorization/locks" or "Microsoft.Insights/diagnosticSettings") && Type(r).Count(c => c == '/') == 1).ToList();
        Assert.NotEmpty(tracked);
        Assert.All(tracked, r => Assert.True(r["tags"] is not null, $"{Type(r)} has no tags"));
    }

    [Theory]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6")] // Key Vault Secrets User
    [InlineData("7f951dda-4ed3-4680-a7ca-43fe172d538d")] // AcrPull
    [InlineData("ba92f5b4-2d11-453d-a403-e96b0029c9fe")] // Storage Blob Data Contributor (the backups)
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher (telemetry without a key)
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
        Assert.Equal("[format('{0}journey-work', variables('storagePrefix'))]", rule["custom"]!["metadata"]!["queueName"]!.GetValue<string>());
        Assert.Contains("Storage__Prefix", Text(TemplateOf(app)!["variables"]!["storagePrefix"]), StringComparison.Ordinal);
        Assert.Contains("identityId", rule["custom"]!["identity"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(rule["custom"]!["auth"]);
        Assert.Contains("alwaysOn", scale["minReplicas"]!.GetValue<string>(), StringComparison.Ordinal);
        var probes = Resolve(app, Text(app["properties"]!["template"]!["containers"]![0]!["probes"]!));
        Assert.Contains("/health/live", probes, StringComparison.Ordinal);
        Assert.Contains("Liveness", probes, StringComparison.Ordinal);
        Assert.Contains("Readiness", probes, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepJob_EveryMinute_RunsSweepOnce_WhenScaledToZero_StartedOnlyByHandWhenAlwaysOn()
    {
        var job = Assert.Single(Resources(), r => Type(r) == "Microsoft.App/jobs" && Text(r["name"]).Contains("-sweep", StringComparison.Ordinal));
        var configuration = job["properties"]!["configuration"]!;
        Assert.Equal("[if(parameters('alwaysOn'), 'Manual', 'Schedule')]", configuration["triggerType"]!.GetValue<string>());
        Assert.Contains("* * * * *", Text(configuration["scheduleTriggerConfig"]), StringComparison.Ordinal);
        Assert.Equal("sweep-once", job["properties"]!["template"]!["containers"]![0]!["args"]![0]!.GetValue<string>());
        Assert.DoesNotContain("alwaysOn", job["condition"]!.GetValue<string>(), StringComparison.Ordinal); // always there, so switching removes nothing
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

    /// <summary>The one resource of a type the template declares (not one it only refers to as existing).</summary>
    private static JsonNode Single(string type) => Assert.Single(Resources(), r => Type(r) == type && r["existing"] is null);

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

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Infra };
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
